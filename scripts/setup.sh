#!/usr/bin/env bash
# Installs what Cloudpick needs on Debian/Ubuntu, skipping what is already there.
#   scripts/setup.sh run    system libraries, the UI's npm packages
#   scripts/setup.sh test   the same, plus Xvfb, D-Bus, GNOME Keyring, WebKitWebDriver, tauri-driver,
#                           xdg-desktop-portal (the FileChooser tests), Chromium with oidc-provider for the sign-in interop test, and
#                           the providers' Python SDKs and moto in tests/interop/.venv, Azurite in tests/objects
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

build_packages=(pkg-config build-essential curl file libwebkit2gtk-4.1-dev libgtk-3-dev
  libayatana-appindicator3-dev librsvg2-dev librsvg2-bin libssl-dev libdbus-1-dev libxdo-dev
  cmake nasm zenity libheif-dev ffmpeg gstreamer1.0-plugins-good)
test_packages=(xvfb xauth xclip x11-apps netpbm desktop-file-utils webkit2gtk-driver dbus-daemon dbus-x11 dunst gnome-keyring chromium
  libvips-tools libheif-examples libavif-bin python3-venv libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui poppler-utils xdg-desktop-portal libglib2.0-bin x11-utils)

packages=("${build_packages[@]}")
[ "$mode" = test ] && packages+=("${test_packages[@]}")

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} with your package manager"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "run as root, or install sudo, to install: ${missing[*]}"
    sudo="sudo"
  fi
  say "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || die "Rust is not installed: see https://rustup.rs, then run this again"
command -v npm >/dev/null || die "Node.js 20 or newer with npm is needed to build the UI"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node.js $node_major is too old: the UI build needs Node.js 20 or newer"

npm_ci() {
  local dir="$1"
  local stamp="$dir/node_modules/.installed-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    say "Installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_ci ui

if [ "$mode" = test ]; then
  npm_ci tests/e2e
  npm_ci tests/oidc
  npm_ci tests/objects
  tests/interop/venv.sh
  if ! command -v tauri-driver >/dev/null; then
    say "Installing tauri-driver"
    cargo install tauri-driver --locked --quiet
  fi
fi
