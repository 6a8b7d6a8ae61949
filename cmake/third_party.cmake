# third_party.cmake -- what the lab compiles, links or embeds from others, the check that nothing
# else gets in, and the notices every artefact carries. Included by CMakeLists.txt after project().
#
# [SECTION] The components (the one list; edit it when a dependency is added)
# [SECTION] Registry helpers
# [SECTION] The check: walk every executable's link graph
# [SECTION] Version header, notices and the manifest the generator reads
#
# How the check works. At the end of configuring (a deferred call), the link graph of every
# executable in the build -- shipped, tests and tools alike -- is walked:
#   - a target named in a component's TARGETS is that component (its own links are walked too);
#   - a library file or name (libimgui.a, libhwy.so, dl) must match a component's LIBRARIES;
#   - every other target is ours: its sources must be files of this repository (not .cache/) or
#     generated files matching a component's EMBEDS (the photographs, the font, our shaders); its
#     include directories must be in the repository (not .cache/) or under the build's generated/;
#   - an Emscripten port or built-in library (-sUSE_*) must match a component's LINK_OPTIONS.
# Anything unclaimed stops the configure step with one line naming it, the target that pulls it in
# and this file. tests/third_party_test.py also compares every header the compiler read (ninja's
# dependency log) with the Debian packages of the components each target reaches.
#
# The artefacts (strideconv_ships(<target> <label>)) carry the notices of the components they reach:
# build/<preset>/generated/THIRD_PARTY_NOTICES.txt, made by scripts/third_party_notices.py from the
# Debian copyright files named below, is copied next to the web app, inlined into the single-file
# page, compiled into teach's About data (the About panel, `strideconv --notices`) and packaged
# by scripts/release.sh.

# [SECTION] Registry helpers ---------------------------------------------------------------------

# strideconv_component(<id> NAME <text> LICENSE <short licence> USE <what it does in the lab>
#                      [PACKAGE <Debian package whose version is reported>]
#                      [COPYRIGHT <DEP-5 copyright file> STANZAS <Files: patterns to quote>...]
#                      [DOCSTRINGS <python file>:<function>...]   (scikit-image's photo statements)
#                      [EXTRA_LICENSES <file in /usr/share/common-licenses>...]
#                      [PACKAGES <Debian packages whose headers it may bring (regexes)>...]
#                      [TARGETS <target regexes>...] [LIBRARIES <file name regexes>...]
#                      [EMBEDS <generated source regexes>...] [LINK_OPTIONS <regexes>...]
#                      [URL <upstream>] [IMPLIED] [NO_NOTICE <why>] [TESTS_ONLY])
# IMPLIED: every executable of this build uses it (the Emscripten runtime). NO_NOTICE: reached but
# not shipped by us (system libraries loaded from the user's system). TESTS_ONLY: an error if a
# shipped artefact reaches it.
function(strideconv_component id)
  cmake_parse_arguments(PARSE_ARGV 1 arg "IMPLIED;TESTS_ONLY"
    "NAME;LICENSE;USE;PACKAGE;COPYRIGHT;URL;NO_NOTICE"
    "STANZAS;DOCSTRINGS;EXTRA_LICENSES;PACKAGES;TARGETS;LIBRARIES;EMBEDS;LINK_OPTIONS")
  if(NOT arg_NAME OR (NOT arg_NO_NOTICE AND NOT arg_TESTS_ONLY AND NOT id STREQUAL "lab" AND
                      (NOT arg_LICENSE OR NOT arg_USE OR NOT arg_COPYRIGHT)))
    message(FATAL_ERROR "strideconv_component(${id}): NAME, LICENSE, USE and COPYRIGHT are required")
  endif()
  if(arg_COPYRIGHT AND NOT EXISTS "${arg_COPYRIGHT}")
    message(FATAL_ERROR "${arg_COPYRIGHT} not found (the licence of ${arg_NAME}): run scripts/setup.sh")
  endif()
  set_property(GLOBAL APPEND PROPERTY STRIDECONV_COMPONENTS ${id})
  foreach(field IMPLIED TESTS_ONLY NAME LICENSE USE PACKAGE COPYRIGHT URL NO_NOTICE STANZAS
                DOCSTRINGS EXTRA_LICENSES PACKAGES TARGETS LIBRARIES EMBEDS LINK_OPTIONS)
    set_property(GLOBAL PROPERTY STRIDECONV_COMPONENT_${id}_${field} "${arg_${field}}")
  endforeach()
endfunction()

function(_strideconv_component_field out id field)
  get_property(value GLOBAL PROPERTY STRIDECONV_COMPONENT_${id}_${field})
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

# The component whose <field> regexes match <text>, or "" (first match in the list's order).
function(_strideconv_claim out field text)
  get_property(components GLOBAL PROPERTY STRIDECONV_COMPONENTS)
  foreach(id IN LISTS components)
    _strideconv_component_field(patterns ${id} ${field})
    foreach(pattern IN LISTS patterns)
      if(text MATCHES "${pattern}")
        set(${out} ${id} PARENT_SCOPE)
        return()
      endif()
    endforeach()
  endforeach()
  set(${out} "" PARENT_SCOPE)
endfunction()

# strideconv_ships(<target> <label>): <target> is an artefact we ship ("web app", "desktop app",
# ...); its notices list the components it reaches.
function(strideconv_ships target label)
  set_property(TARGET ${target} PROPERTY STRIDECONV_SHIPPED "${label}")
endfunction()

# [SECTION] The components ------------------------------------------------------------------------
# Called at the end of configuring, when every find_* result above is known.

function(_strideconv_define_components)
  set(doc /usr/share/doc)
  # Our own generated sources: shaders, the embedded notices, the version header.
  strideconv_component(lab NAME "Stride Convolution Lab"
    EMBEDS "/generated/strideconv_shaders\\.cpp$" "/generated/strideconv_notices\\.cpp$"
           "/generated/strideconv_version\\.h$")

  if(EMSCRIPTEN)
    set(imgui_copyright "${STRIDECONV_IMGUI_SOURCE_DIR}/debian/copyright")  # the source compiled
    set(highway_copyright "${STRIDECONV_HIGHWAY_SOURCE_DIR}/debian/copyright")
  else()
    set(imgui_copyright "${doc}/libimgui-dev/copyright")
    set(highway_copyright "${doc}/libhwy-dev/copyright")
  endif()
  strideconv_component(imgui NAME "Dear ImGui" URL https://github.com/ocornut/imgui
    LICENSE "MIT" USE "the user interface and its GLFW/OpenGL backends (compiled in)"
    PACKAGE libimgui-dev COPYRIGHT "${imgui_copyright}" STANZAS "*" "imstb_*.h"
    PACKAGES libimgui-dev imgui
    TARGETS "^strideconv_imgui$" "^strideconv_imgui_backends$" LIBRARIES "^libimgui\\.(a|so)")
  strideconv_component(glfw NAME "GLFW" URL https://www.glfw.org/
    LICENSE "zlib" USE "the desktop app's window, input and OpenGL context (linked: libglfw3)"
    PACKAGE libglfw3-dev COPYRIGHT "${doc}/libglfw3-dev/copyright" STANZAS "*"
    PACKAGES libglfw3-dev TARGETS "^glfw$")
  strideconv_component(dejavu NAME "DejaVu Sans (subset: Latin-1 and the glyphs German and French add)"
    URL https://dejavu-fonts.github.io/
    LICENSE "Bitstream Vera licence; DejaVu changes public domain"
    USE "the text of the user interface (font embedded)"
    PACKAGE fonts-dejavu-core COPYRIGHT "${doc}/fonts-dejavu-core/copyright" STANZAS "*"
    EMBEDS "/generated/strideconv_font\\.cpp$")
  strideconv_component(highway NAME "Google Highway" URL https://github.com/google/highway
    LICENSE "Apache-2.0" USE "the SIMD fast paths of the core (compiled in; natively also libhwy)"
    PACKAGE libhwy-dev COPYRIGHT "${highway_copyright}" STANZAS "*"
    EXTRA_LICENSES Apache-2.0 PACKAGES libhwy-dev highway
    TARGETS "^strideconv_hwy$" LIBRARIES "^libhwy\\.(a|so)")
  strideconv_component(stb NAME "stb" URL https://github.com/nothings/stb
    LICENSE "public domain or MIT"
    USE "stb_image (decoding), stb_image_write (PNG), stb_easy_font (text in built-in pictures); through Dear ImGui stb_truetype, stb_rect_pack, stb_textedit"
    PACKAGE libstb-dev COPYRIGHT "${doc}/libstb-dev/copyright" STANZAS "*"
    PACKAGES libstb-dev TARGETS "^strideconv_stb$" LIBRARIES "^libstb\\.(a|so)")
  strideconv_component(photos NAME "Photographs from scikit-image's sample data (astronaut, brick)"
    URL https://scikit-image.org/
    LICENSE "astronaut: public domain (NASA); brick: CC0-1.0"
    USE "the built-in photographs of image mode (scaled to 256x256 JPEG, embedded)"
    PACKAGE python3-skimage COPYRIGHT "${doc}/python3-skimage/copyright" STANZAS "*"
    DOCSTRINGS "${STRIDECONV_PHOTO_DIR}/_fetchers.py:astronaut" "${STRIDECONV_PHOTO_DIR}/_fetchers.py:brick"
    EXTRA_LICENSES CC0-1.0
    EMBEDS "/generated/photos/strideconv_photo_(astronaut|brick)\\.cpp$")
  # src/base (issue 7) prints numbers with {fmt} and parses them with fast_float, header-only.
  strideconv_component(fmt NAME "{fmt}" URL https://fmt.dev/
    LICENSE "MIT (with an exception for compiled forms)" USE "number formatting (compiled in)"
    PACKAGE libfmt-dev COPYRIGHT "${doc}/libfmt-dev/copyright" STANZAS "*"
    PACKAGES libfmt-dev TARGETS "^strideconv_fmt$")
  strideconv_component(fast_float NAME "fast_float" URL https://github.com/fastfloat/fast_float
    LICENSE "MIT or Apache-2.0 or Boost-1.0" USE "number parsing (compiled in)"
    PACKAGE libfast-float-dev COPYRIGHT "${doc}/libfast-float-dev/copyright" STANZAS "*"
    PACKAGES libfast-float-dev TARGETS "^strideconv_fast_float$")
  if(EMSCRIPTEN)
    # Every wasm module carries Emscripten's runtime: its JS glue (including the GLFW and WebGL
    # libraries behind -sUSE_GLFW/-sUSE_WEBGL2), musl libc, libc++/libc++abi, compiler-rt, dlmalloc.
    strideconv_component(emscripten NAME "Emscripten runtime" URL https://emscripten.org/
      LICENSE "MIT or NCSA; musl: MIT; LLVM runtimes: Apache-2.0 with LLVM exception; dlmalloc: public domain"
      USE "the WebAssembly runtime: JS glue with GLFW and WebGL, musl libc, libc++, libc++abi, compiler-rt, dlmalloc (compiled in)"
      PACKAGE emscripten COPYRIGHT "${doc}/emscripten/copyright"
      STANZAS "*" "system/lib/libc/musl/*" "system/lib/libcxx/*" "system/lib/libcxxabi/*"
              "system/lib/compiler-rt/*" "system/lib/dlmalloc.c"
      EXTRA_LICENSES Apache-2.0 PACKAGES emscripten "libclang-common-[0-9]+-dev"  # and clang's own headers
      LINK_OPTIONS "^-sUSE_GLFW=3$" "^-sUSE_WEBGL2=1$" IMPLIED)
  endif()
  strideconv_component(doctest NAME "doctest" TESTS_ONLY
    PACKAGES doctest-dev TARGETS "^strideconv_doctest$")
  # The C and C++ runtimes and GL, loaded from the user's system, never shipped by us: every
  # executable uses them (IMPLIED). GCC's runtime library exception covers what libstdc++ inlines.
  strideconv_component(system NAME "system libraries (libc, libstdc++, libGL, libdl)" IMPLIED
    NO_NOTICE "provided by the operating system; not part of our artefacts"
    PACKAGES libc6-dev linux-libc-dev "libstdc\\+\\+-[0-9]+-dev" "libgcc-[0-9]+-dev" libgl-dev libglx-dev
             mesa-common-dev libglvnd-dev libegl-dev libgles-dev libopengl-dev
    TARGETS "^OpenGL::" LIBRARIES "^(dl|m|pthread|rt)$" "^lib(dl|m|pthread|rt|GL|OpenGL|GLX)\\.so")
endfunction()

# [SECTION] The check: walk every executable's link graph ----------------------------------------

function(_strideconv_in_repository out path)
  cmake_path(ABSOLUTE_PATH path NORMALIZE OUTPUT_VARIABLE path)
  set(result OFF)
  cmake_path(IS_PREFIX PROJECT_SOURCE_DIR "${path}" NORMALIZE inside)
  cmake_path(IS_PREFIX CMAKE_BINARY_DIR "${path}" NORMALIZE in_build)
  cmake_path(IS_PREFIX STRIDECONV_REPO_CACHE_DIR "${path}" NORMALIZE in_cache)
  if(inside AND NOT in_build AND NOT in_cache)
    set(result ON)
  endif()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

function(_strideconv_fail root via what)
  message(FATAL_ERROR "Third-party check: ${what} (reached from ${root} through ${via}) is not "
    "claimed by any component. Add it to the list in cmake/third_party.cmake with its licence, "
    "so its notice travels with the lab.")
endfunction()

# Checks one target of ours: sources, include directories, compile options.
function(_strideconv_check_own root target)
  get_target_property(type ${target} TYPE)
  get_target_property(source_dir ${target} SOURCE_DIR)
  set(sources "")
  set(includes "")
  if(NOT type STREQUAL "INTERFACE_LIBRARY")
    get_target_property(sources ${target} SOURCES)
    get_target_property(includes ${target} INCLUDE_DIRECTORIES)
  endif()
  get_target_property(interface_sources ${target} INTERFACE_SOURCES)
  foreach(source IN LISTS sources interface_sources)
    if(NOT source OR source MATCHES "-NOTFOUND$")
      continue()
    endif()
    if(source MATCHES "^\\$<")
      _strideconv_fail(${root} ${target} "the source ${source}")
    endif()
    cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY "${source_dir}" NORMALIZE)
    _strideconv_in_repository(ours "${source}")
    if(NOT ours)
      _strideconv_claim(component EMBEDS "${source}")
      if(NOT component)
        _strideconv_fail(${root} ${target} "the source file ${source}")
      endif()
      set_property(GLOBAL APPEND PROPERTY _STRIDECONV_REACHED_${root} ${component})
      set_property(GLOBAL APPEND PROPERTY _STRIDECONV_TARGET_COMPONENTS_${target} ${component})
    endif()
  endforeach()
  get_target_property(interface_includes ${target} INTERFACE_INCLUDE_DIRECTORIES)
  foreach(dir IN LISTS includes interface_includes)
    if(NOT dir OR dir MATCHES "-NOTFOUND$")
      continue()
    endif()
    if(dir MATCHES "^\\$<BUILD_INTERFACE:(.*)>$")
      set(dir "${CMAKE_MATCH_1}")
    endif()
    _strideconv_in_repository(ours "${dir}")
    cmake_path(IS_PREFIX STRIDECONV_GENERATED_DIR "${dir}" NORMALIZE generated)
    if(NOT ours AND NOT generated)
      _strideconv_fail(${root} ${target} "the include directory ${dir}")
    endif()
  endforeach()
  foreach(property COMPILE_OPTIONS INTERFACE_COMPILE_OPTIONS)
    get_target_property(options ${target} ${property})
    foreach(option IN LISTS options)
      if(option MATCHES "^-(I|isystem|idirafter|iquote)")
        _strideconv_fail(${root} ${target} "the compile option ${option}")
      endif()
    endforeach()
  endforeach()
endfunction()

function(_strideconv_check_link_options root target)
  foreach(property LINK_OPTIONS INTERFACE_LINK_OPTIONS)
    get_target_property(options ${target} ${property})
    foreach(option IN LISTS options)
      if(option MATCHES "^-s *USE_" OR option MATCHES "^--js-library")
        if(option MATCHES "^--js-library=(.*)$")
          _strideconv_in_repository(ours "${CMAKE_MATCH_1}")
          if(ours)
            continue()
          endif()
        endif()
        _strideconv_claim(component LINK_OPTIONS "${option}")
        if(NOT component)
          _strideconv_fail(${root} ${target} "the link option ${option}")
        endif()
        set_property(GLOBAL APPEND PROPERTY _STRIDECONV_REACHED_${root} ${component})
      endif()
    endforeach()
  endforeach()
endfunction()

# Walks everything <root> links; records the components in _STRIDECONV_REACHED_<root>.
function(_strideconv_walk root)
  set(queue ${root})
  set(seen "")
  set(via_${root} ${root})
  while(queue)
    list(POP_FRONT queue item)
    if(item MATCHES "^\\$<LINK_ONLY:(.+)>$")
      set(item "${CMAKE_MATCH_1}")
    endif()
    if(item IN_LIST seen OR item STREQUAL "")
      continue()
    endif()
    list(APPEND seen "${item}")
    set(via "${via_${item}}")
    if(NOT via)
      set(via ${root})
    endif()
    if(item MATCHES "^\\$<")
      _strideconv_fail(${root} "${via}" "the link item ${item} (a generator expression this check cannot read)")
    endif()
    if(TARGET "${item}")
      get_target_property(aliased "${item}" ALIASED_TARGET)
      if(aliased)
        set(via_${aliased} "${via}")
        list(APPEND queue ${aliased})
        continue()
      endif()
      _strideconv_claim(component TARGETS "${item}")
      get_target_property(imported "${item}" IMPORTED)
      if(component)
        set_property(GLOBAL APPEND PROPERTY _STRIDECONV_REACHED_${root} ${component})
        set_property(GLOBAL APPEND PROPERTY _STRIDECONV_TARGET_COMPONENTS_${item} ${component})
      elseif(imported)
        _strideconv_fail(${root} "${via}" "the imported target ${item}")
      else()
        _strideconv_check_own(${root} "${item}")
      endif()
      _strideconv_check_link_options(${root} "${item}")
      get_target_property(type "${item}" TYPE)
      set(links "")
      if(NOT type STREQUAL "INTERFACE_LIBRARY" AND NOT imported)
        get_target_property(links "${item}" LINK_LIBRARIES)
      endif()
      get_target_property(interface_links "${item}" INTERFACE_LINK_LIBRARIES)
      foreach(link IN LISTS links interface_links)
        if(link AND NOT link MATCHES "-NOTFOUND$")
          if(NOT DEFINED via_${link})
            set(via_${link} "${item}")
          endif()
          string(REGEX REPLACE "^\\$<LINK_ONLY:(.+)>$" "\\1" linked "${link}")
          if(TARGET "${linked}")
            set_property(GLOBAL APPEND PROPERTY _STRIDECONV_EDGES "${item}\t${linked}")
          endif()
          list(APPEND queue "${link}")
        endif()
      endforeach()
    else()
      # A library file (/usr/lib/.../libimgui.a), a name (dl) or a flag (-lfoo).
      get_filename_component(library_name "${item}" NAME)
      string(REGEX REPLACE "^-l" "" library_name "${library_name}")
      _strideconv_claim(component LIBRARIES "${library_name}")
      if(NOT component)
        _strideconv_fail(${root} "${via}" "the library ${item}")
      endif()
      set_property(GLOBAL APPEND PROPERTY _STRIDECONV_REACHED_${root} ${component})
      set_property(GLOBAL APPEND PROPERTY _STRIDECONV_TARGET_COMPONENTS_${via} ${component})
    endif()
  endwhile()
  set_property(GLOBAL PROPERTY _STRIDECONV_WALKED_${root} "${seen}")
endfunction()

function(_strideconv_executables out dir)
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  set(result "")
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "EXECUTABLE")
      list(APPEND result ${target})
    endif()
  endforeach()
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    _strideconv_executables(more "${subdir}")
    list(APPEND result ${more})
  endforeach()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

# strideconv_check_third_party([ROOTS <targets>...])
# Default roots: every executable of the project. Writes the manifest and fails on anything
# unclaimed. tests/third_party/ calls it with INTERFACE roots to test the check itself.
function(strideconv_check_third_party)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "MANIFEST" "ROOTS")
  _strideconv_define_components()
  if(arg_ROOTS)
    set(roots ${arg_ROOTS})
  else()
    _strideconv_executables(roots "${PROJECT_SOURCE_DIR}")
  endif()
  get_property(components GLOBAL PROPERTY STRIDECONV_COMPONENTS)
  set(implied "")
  foreach(id IN LISTS components)
    _strideconv_component_field(is_implied ${id} IMPLIED)
    if(is_implied)
      list(APPEND implied ${id})
    endif()
  endforeach()

  # Manifest: one line per fact, tab-separated, for scripts/third_party_notices.py and the test.
  set(listed_targets "")
  set(manifest "# Generated by cmake/third_party.cmake at configure time. Do not edit.\n")
  string(APPEND manifest "build\t${STRIDECONV_BUILD_KIND}\n")
  string(APPEND manifest "source_dir\t${PROJECT_SOURCE_DIR}\n")
  string(APPEND manifest "binary_dir\t${CMAKE_BINARY_DIR}\n")
  foreach(root IN LISTS roots)
    set_property(GLOBAL PROPERTY _STRIDECONV_REACHED_${root} ${implied})
    _strideconv_walk(${root})
    get_property(reached GLOBAL PROPERTY _STRIDECONV_REACHED_${root})
    list(REMOVE_DUPLICATES reached)
    list(SORT reached)
    get_target_property(label ${root} STRIDECONV_SHIPPED)
    if(label)
      foreach(id IN LISTS reached)
        _strideconv_component_field(tests_only ${id} TESTS_ONLY)
        if(tests_only)
          message(FATAL_ERROR "Third-party check: ${root} is shipped (${label}) but reaches "
            "${id}, which is for tests only (cmake/third_party.cmake).")
        endif()
      endforeach()
      string(REPLACE ";" "," reached_text "${reached}")
      string(APPEND manifest "artefact\t${root}\t${label}\t${reached_text}\n")
    endif()
    # Per target: the components it links directly (the header check adds what its links reach).
    get_property(walked GLOBAL PROPERTY _STRIDECONV_WALKED_${root})
    foreach(target IN LISTS walked)
      if(TARGET "${target}" AND NOT target IN_LIST listed_targets)
        list(APPEND listed_targets "${target}")
        get_property(direct GLOBAL PROPERTY _STRIDECONV_TARGET_COMPONENTS_${target})
        list(APPEND direct ${implied})
        list(REMOVE_DUPLICATES direct)
        string(REPLACE ";" "," direct_text "${direct}")
        string(APPEND manifest "target\t${target}\t${direct_text}\n")
      endif()
    endforeach()
  endforeach()
  get_property(edges GLOBAL PROPERTY _STRIDECONV_EDGES)
  list(REMOVE_DUPLICATES edges)
  foreach(edge IN LISTS edges)
    string(APPEND manifest "link\t${edge}\n")
  endforeach()
  foreach(id IN LISTS components)
    set(line "component\t${id}")
    foreach(field NAME LICENSE USE PACKAGE COPYRIGHT URL NO_NOTICE STANZAS DOCSTRINGS
                  EXTRA_LICENSES PACKAGES TESTS_ONLY)
      _strideconv_component_field(value ${id} ${field})
      if(field MATCHES "^(STANZAS|DOCSTRINGS|EXTRA_LICENSES|PACKAGES)$")
        string(REPLACE ";" "|" value "${value}")  # lists; scalar texts keep their semicolons
      endif()
      string(APPEND line "\t${field}=${value}")
    endforeach()
    string(APPEND manifest "${line}\n")
  endforeach()
  if(NOT arg_MANIFEST)
    set(arg_MANIFEST "${STRIDECONV_THIRD_PARTY_MANIFEST}")
  endif()
  file(WRITE "${arg_MANIFEST}.tmp" "${manifest}")
  file(COPY_FILE "${arg_MANIFEST}.tmp" "${arg_MANIFEST}" ONLY_IF_DIFFERENT)
  file(REMOVE "${arg_MANIFEST}.tmp")
endfunction()

# [SECTION] Version header, notices and the manifest the generator reads ---------------------------

set(STRIDECONV_GENERATED_DIR "${CMAKE_BINARY_DIR}/generated")
set(STRIDECONV_REPO_CACHE_DIR "${PROJECT_SOURCE_DIR}/.cache")
set(STRIDECONV_THIRD_PARTY_MANIFEST "${STRIDECONV_GENERATED_DIR}/third_party_manifest.tsv")
if(EMSCRIPTEN)
  set(STRIDECONV_BUILD_KIND web)
else()
  set(STRIDECONV_BUILD_KIND native)
endif()
file(MAKE_DIRECTORY "${STRIDECONV_GENERATED_DIR}")

# strideconv_notices_library(<target>)
# A static library holding the version, LICENSE and the notices of this build
# (generated/strideconv_notices.{h,cpp}), and generated/THIRD_PARTY_NOTICES.txt beside it, made by
# scripts/third_party_notices.py from the manifest. teach links it (teach::about()).
function(strideconv_notices_library target)
  find_program(STRIDECONV_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)
  set(gen "${STRIDECONV_GENERATED_DIR}")
  set(dpkg_status "")
  if(EXISTS /var/lib/dpkg/status)
    set(dpkg_status /var/lib/dpkg/status)  # package upgrades change versions and copyright files
  endif()
  add_custom_command(
    OUTPUT "${gen}/THIRD_PARTY_NOTICES.txt" "${gen}/strideconv_notices.cpp" "${gen}/strideconv_notices.h"
    COMMAND "${STRIDECONV_PYTHON3}" "${PROJECT_SOURCE_DIR}/scripts/third_party_notices.py"
            --manifest "${STRIDECONV_THIRD_PARTY_MANIFEST}" --license "${PROJECT_SOURCE_DIR}/LICENSE"
            --version "${PROJECT_VERSION}" --out-dir "${gen}"
    DEPENDS "${STRIDECONV_THIRD_PARTY_MANIFEST}" "${PROJECT_SOURCE_DIR}/scripts/third_party_notices.py"
            "${PROJECT_SOURCE_DIR}/LICENSE" ${dpkg_status}
    COMMENT "Third-party notices from the Debian copyright files"
    VERBATIM)
  add_library(${target} STATIC "${gen}/strideconv_notices.cpp")
  target_include_directories(${target} PUBLIC "${gen}")
  add_custom_target(${target}_text DEPENDS "${gen}/THIRD_PARTY_NOTICES.txt")
  set(STRIDECONV_NOTICES_TXT "${gen}/THIRD_PARTY_NOTICES.txt" PARENT_SCOPE)
endfunction()
