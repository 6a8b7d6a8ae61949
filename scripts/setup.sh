#!/usr/bin/env bash
# setup.sh -- install what the build needs; idempotent and silent when everything is present.
#
#   1. Debian packages (apt-get; `apt-get update` runs once, and only if something is missing).
#   2. Sources for the web build: Debian's `imgui` and `highway` source packages, the same versions
#      as libimgui-dev and libhwy-dev, fetched with `apt-get source` through a private apt
#      configuration under .cache/ (the system's /etc/apt is never touched). Linked as
#      .cache/imgui-src/imgui and .cache/highway-src/highway.
#   3. web/node_modules: playwright-core for the browser tests (it drives /usr/bin/chromium; no
#      browser is downloaded).
# Run as root (or with sudo available) on Debian 12.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DEBIAN_FRONTEND=noninteractive

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# [1] Debian packages ---------------------------------------------------------------------------
packages=(
  cmake g++ ninja-build pkg-config        # native toolchain
  clang-14 libclang-rt-14-dev             # the fuzz preset: libFuzzer, ASan and UBSan runtimes for clang
                                          # (-fsanitize=fuzzer links libclang_rt.fuzzer from
                                          # libclang-rt-14-dev; libfuzzer-14-dev is not needed)
  emscripten                              # web toolchain (3.1.6, prebuilt frozen cache)
  libimgui-dev libstb-dev libglfw3-dev libgl-dev doctest-dev
  libhwy-dev                              # Google Highway: portable SIMD for the core's fast paths
  libfmt-dev libfast-float-dev            # number text in src/base (header-only use)
  fonts-dejavu-core fonttools             # the embedded UI font, subset by pyftsubset
  dpkg-dev                                # dpkg-source, used by `apt-get source`
  nodejs chromium xvfb xauth imagemagick  # browser tests, headless native runs, screenshots;
                                          # imagemagick also converts the embedded photographs
  python3
  python3-skimage                         # scikit-image's sample photographs, embedded at build time
  terser                                  # minifies the web page's scripts into build/web/dist
)
# npm: Debian's npm package conflicts with NodeSource's nodejs, which already bundles npm.
command -v npm >/dev/null 2>&1 || packages+=(npm)

# dpkg-query fails for packages it has never heard of; the awk filter sorts that out.
installed_packages=" $( { dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${packages[@]}" 2>/dev/null || true; } |
  awk '$1 == "ii" { printf "%s ", $2 }') "
missing=()
for package in "${packages[@]}"; do
  [[ "$installed_packages" == *" $package "* ]] || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# [2] Sources for the web build: Dear ImGui and Google Highway ---------------------------------
# fetch_source_package BINARY_PACKAGE SOURCE_PACKAGE CACHE_NAME CHECK_FILE...
# Fetches the Debian source package that built BINARY_PACKAGE (the same version) into
# .cache/CACHE_NAME/ through a private apt configuration and links the tree as
# .cache/CACHE_NAME/SOURCE_PACKAGE. Does nothing when every CHECK_FILE (a path inside the unpacked
# tree) is already there.
fetch_source_package() {
  local binary=$1 source=$2 cache="$root/.cache/$3"
  shift 3
  local version upstream tree check missing_file=""
  version=$(dpkg-query -W -f='${source:Version}' "$binary")  # e.g. 1.86+ds-1
  upstream=${version%-*}                                     # e.g. 1.86+ds
  tree="$cache/$source-$upstream"
  for check in "$@"; do [ -f "$tree/$check" ] || missing_file=$check; done
  if [ -n "$missing_file" ]; then
    echo "setup: fetching Debian source package $source $version into .cache/$(basename "$cache")/"
    mkdir -p "$cache/lists/partial"
    local apt_dir mirror suite
    apt_dir=$(mktemp -d)
    # Same mirror as the system's Debian binary source (deb822 or one-line format), same release.
    mirror=$( { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{ print $2 }'
                grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
                  awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; break } }'
              } | grep -E '/debian/?$' | head -n 1 || true)
    mirror=${mirror:-http://deb.debian.org/debian}
    suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
    # Stable updates (versions such as 1.0.3-3+deb12u1) are published in the -updates suite.
    cat >"$apt_dir/src.sources" <<SOURCES
Types: deb-src
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    local apt_options=(
      -o "Dir::Etc::SourceParts=$apt_dir" -o Dir::Etc::SourceList=/dev/null
      -o "Dir::State::Lists=$cache/lists" -o "Dir::Cache=$cache/apt-cache"
      -o APT::Sandbox::User=root -qq
    )
    apt-get "${apt_options[@]}" update >/dev/null
    rm -rf "$tree"
    (cd "$cache" && apt-get "${apt_options[@]}" source "$source=$version" >/dev/null)
    rm -rf "$apt_dir"
    for check in "$@"; do
      [ -f "$tree/$check" ] || { echo "setup: $tree/$check missing after apt-get source" >&2; exit 1; }
    done
  fi
  ln -sfn "$source-$upstream" "$cache/$source"
}

fetch_source_package libimgui-dev imgui imgui-src imgui.cpp backends/imgui_impl_opengl3.cpp
# Highway headers (and hwy/*.cc) for the WebAssembly build; native builds use libhwy-dev.
fetch_source_package libhwy-dev highway highway-src hwy/highway.h hwy/targets.cc

# [3] playwright-core for the browser tests -----------------------------------------------------
web="$root/web"
installed=$(node -p 'try { require(process.argv[1]).version } catch (e) { "" }' \
  "$web/node_modules/playwright-core/package.json" 2>/dev/null || true)
wanted=$(node -p 'require(process.argv[1]).devDependencies["playwright-core"]' "$web/package.json")
if [ "$installed" != "$wanted" ]; then
  echo "setup: npm ci in web/ (playwright-core $wanted)"
  (cd "$web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
