#!/usr/bin/env bash
# release_check.sh -- scripts/release.sh builds a release an instructor can host: the folder, the
# zip, the desktop tarball, each with the licence and the notices of what it ships, one version
# everywhere, and the same bytes when built again. Run by scripts/test.sh (stage `release`) after
# the native and web stages; prints "release: N passed, M failed".
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
passed=0
failed=0
check() {  # check NAME CONDITION-RESULT(0 = ok)
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi
}

bash scripts/release.sh "$out/a" > "$out/log" 2>&1
status=$?
check "release.sh exits 0" $status
[ $status -eq 0 ] || { cat "$out/log"; echo "release: $passed passed, $failed failed"; exit 1; }

version=$(sed -n 's/^project(StrideConvolutionLab VERSION \([0-9.]*\) .*/\1/p' CMakeLists.txt)
site=$out/a/strideconv-lab-$version
arch=$(uname -m)
tarball=$out/a/strideconv-lab-$version-linux-$arch.tar.gz
check "the folder, zip and tarball are named after CMake's version $version" \
  $([ -d "$site" ] && [ -f "$out/a/strideconv-lab-$version.zip" ] && [ -f "$tarball" ]; echo $?)

for file in index.html host-api.js strideconv_app.js strideconv_app.wasm strideconv-lab.html \
            examples/course-page.html examples/api-driven.html LICENSE THIRD_PARTY_NOTICES.txt \
            README.md CHANGELOG.md; do
  check "the web release has $file" $([ -s "$site/$file" ]; echo $?)
done
for file in index.html strideconv_app.wasm strideconv-lab.html THIRD_PARTY_NOTICES.txt; do
  check "$file is the web build's" $(cmp -s "$site/$file" "build/web/dist/$file"; echo $?)
done
check "LICENSE is the repository's" $(cmp -s "$site/LICENSE" LICENSE; echo $?)
check "the web notices are of version $version and name the Emscripten runtime and Dear ImGui" \
  $(head -n 1 "$site/THIRD_PARTY_NOTICES.txt" | grep -q "^Stride Convolution Lab $version -- third-party notices (web build" &&
    grep -q '^Emscripten runtime' "$site/THIRD_PARTY_NOTICES.txt" && grep -q '^Dear ImGui' "$site/THIRD_PARTY_NOTICES.txt"; echo $?)
check "the single file carries the licence and the notices" \
  $(grep -q '<template id="strideconv-notices"><pre>MIT License' "$site/strideconv-lab.html" &&
    grep -q "Stride Convolution Lab $version -- third-party notices" "$site/strideconv-lab.html"; echo $?)
check "README.md is the instructors' guide for $version, with no placeholder left" \
  $(grep -q "^# Stride Convolution Lab $version -- for instructors" "$site/README.md" &&
    ! grep -q '@VERSION@' "$site/README.md" && grep -q 'Pin a version' "$site/README.md"; echo $?)
check "CHANGELOG.md has an entry for $version" $(grep -q "^## \[$version\]" "$site/CHANGELOG.md"; echo $?)

# The zip holds exactly the folder.
zip_list=$(/usr/bin/python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print("\n".join(sorted(z.namelist())))' \
  "$out/a/strideconv-lab-$version.zip")
check "the zip is sound" $?
folder_list=$(cd "$out/a" && find "strideconv-lab-$version" -type f | sort)
check "the zip holds the folder's files, no more, no less" $([ "$zip_list" = "$folder_list" ]; echo $?)

# The desktop tarball: the app, the CLI, the licence and the native build's notices.
mkdir "$out/x"
tar -xzf "$tarball" -C "$out/x"
check "the tarball unpacks" $?
desktop=$out/x/strideconv-lab-$version-linux-$arch
for file in bin/strideconv-lab bin/strideconv LICENSE THIRD_PARTY_NOTICES.txt README.md CHANGELOG.md; do
  check "the tarball has $file" $([ -s "$desktop/$file" ]; echo $?)
done
check "the tarball's strideconv --version says $version" \
  $([ "$("$desktop/bin/strideconv" --version | head -n 1)" = "strideconv (Stride Convolution Lab $version)" ]; echo $?)
check "the tarball's notices are the native build's: GLFW, no Emscripten runtime" \
  $(head -n 1 "$desktop/THIRD_PARTY_NOTICES.txt" | grep -q '(native build' &&
    grep -q '^GLFW' "$desktop/THIRD_PARTY_NOTICES.txt" && ! grep -q '^Emscripten runtime' "$desktop/THIRD_PARTY_NOTICES.txt"; echo $?)
check "the tarball's strideconv --notices is its THIRD_PARTY_NOTICES.txt after LICENSE" \
  $("$desktop/bin/strideconv" --notices | cmp -s - <(cat LICENSE; echo; cat "$desktop/THIRD_PARTY_NOTICES.txt"); echo $?)

check "SHA256SUMS verifies" $(cd "$out/a" && sha256sum --quiet -c SHA256SUMS; echo $?)

# Built again from the same trees: the same bytes.
bash scripts/release.sh "$out/b" > "$out/log" 2>&1
check "release.sh again: the same archives, byte for byte" $(cmp -s "$out/a/SHA256SUMS" "$out/b/SHA256SUMS"; echo $?)

echo "release: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
