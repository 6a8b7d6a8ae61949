#!/usr/bin/env bash
# release.sh -- builds what an instructor downloads, from a fresh clone, with one command:
#
#   bash scripts/release.sh [OUT_DIR]          (default OUT_DIR: build/release)
#
# OUT_DIR/strideconv-lab-VERSION/              the web release, a folder to put on any static host
#     index.html, strideconv_app.js, strideconv_app.wasm, host-api.js   the app (from build/web/dist)
#     strideconv-lab.html                      the single-file app (opens from file://, LMS uploads)
#     examples/                                host pages embedding the app
#     LICENSE, THIRD_PARTY_NOTICES.txt         the lab's licence; the notices of the web build
#     README.md                                for instructors (docs/instructors.md)
#     CHANGELOG.md
# OUT_DIR/strideconv-lab-VERSION.zip           that folder, zipped
# OUT_DIR/strideconv-lab-VERSION-linux-x86_64.tar.gz   the desktop app and the CLI
#     strideconv-lab-VERSION-linux-x86_64/{bin/strideconv-lab, bin/strideconv, LICENSE,
#     THIRD_PARTY_NOTICES.txt (of the native build), README.md, CHANGELOG.md}
# OUT_DIR/SHA256SUMS
#
# Installs what is missing (scripts/setup.sh), then configures and builds the `web` and `native`
# presets as scripts/test.sh does (incrementally; run `bash scripts/test.sh` first for a tested
# release). The version is CMake's project VERSION, read from the build's generated notices.
# tests/release_check.sh checks the result (test.sh stage `release`).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-build/release}

fail() { echo "release.sh: $*" >&2; exit 1; }

bash scripts/setup.sh >/dev/null || fail "scripts/setup.sh failed"
for preset in web native; do
  cache="build/$preset/CMakeCache.txt"
  if [ ! -f "$cache" ] || [ CMakePresets.json -nt "$cache" ]; then
    cmake --preset "$preset" >/dev/null || fail "configuring the $preset preset failed"
  fi
  cmake --build --preset "$preset" -j2 >/dev/null || fail "building the $preset preset failed"
done

web=build/web/dist
native=build/native
version=$(sed -n '1s/^Stride Convolution Lab \([0-9][0-9.]*\) -- third-party notices.*/\1/p' "$web/THIRD_PARTY_NOTICES.txt")
[ -n "$version" ] || fail "$web/THIRD_PARTY_NOTICES.txt does not name the version on its first line"
native_version=$("$native/strideconv" --version | sed -n '1s/^strideconv (Stride Convolution Lab \(.*\))$/\1/p')
[ "$native_version" = "$version" ] || fail "the native build is $native_version, the web build $version: rebuild both"

name=strideconv-lab-$version
site=$out/$name
desktop_name=$name-linux-$(uname -m)
desktop=$out/$desktop_name
rm -rf "$site" "$desktop" "$out/$name.zip" "$out/$desktop_name.tar.gz" "$out/SHA256SUMS"
mkdir -p "$site/examples" "$desktop/bin"

# The web release: exactly what build/web/dist serves, plus the instructors' README and changelog.
for file in index.html host-api.js strideconv_app.js strideconv_app.wasm strideconv-lab.html \
            LICENSE THIRD_PARTY_NOTICES.txt; do
  [ -f "$web/$file" ] || fail "$web/$file is missing: the web build did not finish"
  cp "$web/$file" "$site/$file"
done
cp "$web"/examples/* "$site/examples/"
sed "s/@VERSION@/$version/g" docs/instructors.md > "$site/README.md"
cp CHANGELOG.md "$site/CHANGELOG.md"

# The desktop app and the CLI, with the native build's notices (GLFW instead of Emscripten).
cp "$native/strideconv_app" "$desktop/bin/strideconv-lab"
cp "$native/strideconv" "$desktop/bin/strideconv"
strip "$desktop/bin/strideconv-lab" "$desktop/bin/strideconv"
cp LICENSE CHANGELOG.md "$desktop/"
cp "$native/generated/THIRD_PARTY_NOTICES.txt" "$desktop/THIRD_PARTY_NOTICES.txt"
sed "s/@VERSION@/$version/g" docs/instructors.md > "$desktop/README.md"

# Archives with fixed timestamps and owners, so the same inputs give the same bytes.
stamp=$(git log -1 --format=%ct 2>/dev/null || echo 0)
find "$site" "$desktop" -exec touch -h -d "@$stamp" {} +
(cd "$out" && /usr/bin/python3 - "$name" <<'PY'
import os, sys, zipfile
name = sys.argv[1]
with zipfile.ZipFile(name + '.zip', 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for root, dirs, files in os.walk(name):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(root, f)
            info = zipfile.ZipInfo.from_file(path, path)
            info.external_attr = (0o644 if not os.access(path, os.X_OK) else 0o755) << 16
            with open(path, 'rb') as data:
                z.writestr(info, data.read(), zipfile.ZIP_DEFLATED)
PY
)
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$stamp" -C "$out" -cf - "$desktop_name" |
  gzip -9n > "$out/$desktop_name.tar.gz"
(cd "$out" && sha256sum "$name.zip" "$desktop_name.tar.gz" > SHA256SUMS)

echo "release.sh: $version"
echo "  $site/  (the folder to host)"
echo "  $out/$name.zip"
echo "  $out/$desktop_name.tar.gz"
echo "  $out/SHA256SUMS"
