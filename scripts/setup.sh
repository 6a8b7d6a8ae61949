#!/usr/bin/env bash
# setup.sh -- install what the build needs; idempotent and silent when everything is present.
#
#   1. Debian packages (apt-get; `apt-get update` runs once, and only if something is missing).
#   2. Dear ImGui sources for the web build: Debian's `imgui` source package, the same version as
#      libimgui-dev, fetched with `apt-get source` through a private apt configuration under
#      .cache/imgui-src/ (the system's /etc/apt is never touched). Linked as .cache/imgui-src/imgui.
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
  emscripten                              # web toolchain (3.1.6, prebuilt frozen cache)
  libimgui-dev libstb-dev libglfw3-dev libgl-dev doctest-dev
  fonts-dejavu-core fonttools             # the embedded UI font, subset by pyftsubset
  dpkg-dev                                # dpkg-source, used by `apt-get source`
  nodejs chromium xvfb xauth imagemagick  # browser tests, headless native runs, screenshots;
                                          # imagemagick also converts the embedded photographs
  python3
  python3-skimage                         # scikit-image's sample photographs, embedded at build time
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

# [2] Dear ImGui sources for the web build ------------------------------------------------------
imgui_cache="$root/.cache/imgui-src"
imgui_version=$(dpkg-query -W -f='${source:Version}' libimgui-dev)  # e.g. 1.86+ds-1
imgui_upstream=${imgui_version%-*}                                  # e.g. 1.86+ds
imgui_tree="$imgui_cache/imgui-$imgui_upstream"
if [ ! -f "$imgui_tree/imgui.cpp" ] || [ ! -f "$imgui_tree/backends/imgui_impl_opengl3.cpp" ]; then
  echo "setup: fetching Debian source package imgui $imgui_version into .cache/imgui-src/"
  mkdir -p "$imgui_cache/lists/partial"
  apt_dir=$(mktemp -d)
  trap 'rm -rf "$apt_dir"' EXIT
  # Same mirror as the system's Debian binary source (deb822 or one-line format), same release.
  mirror=$( { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{ print $2 }'
              grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
                awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; break } }'
            } | grep -E '/debian/?$' | head -n 1 || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  cat >"$apt_dir/imgui-src.sources" <<EOF
Types: deb-src
URIs: $mirror
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  apt_options=(
    -o "Dir::Etc::SourceParts=$apt_dir" -o Dir::Etc::SourceList=/dev/null
    -o "Dir::State::Lists=$imgui_cache/lists" -o "Dir::Cache=$imgui_cache/apt-cache"
    -o APT::Sandbox::User=root -qq
  )
  apt-get "${apt_options[@]}" update >/dev/null
  rm -rf "$imgui_tree"
  (cd "$imgui_cache" && apt-get "${apt_options[@]}" source "imgui=$imgui_version" >/dev/null)
  rm -rf "$apt_dir"
  trap - EXIT
  [ -f "$imgui_tree/imgui.cpp" ] || { echo "setup: imgui sources missing after apt-get source" >&2; exit 1; }
fi
ln -sfn "imgui-$imgui_upstream" "$imgui_cache/imgui"

# [3] playwright-core for the browser tests -----------------------------------------------------
web="$root/web"
installed=$(node -p 'try { require(process.argv[1]).version } catch (e) { "" }' \
  "$web/node_modules/playwright-core/package.json" 2>/dev/null || true)
wanted=$(node -p 'require(process.argv[1]).devDependencies["playwright-core"]' "$web/package.json")
if [ "$installed" != "$wanted" ]; then
  echo "setup: npm ci in web/ (playwright-core $wanted)"
  (cd "$web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
