#!/usr/bin/env bash
# Builds Cloudpick's .deb with the Tauri bundler (AppImage needs the internet):
# target/release/bundle/deb/Cloudpick_<version>_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# The Tauri CLI reads tauri.conf.json beside the app's Cargo.toml. The one
# config stays at the root (cargo builds use it there); the CLI gets a copy
# with its paths made relative to src-tauri, removed when done.
copy=src-tauri/tauri.conf.json
trap 'rm -f "$copy"' EXIT
node -e '
  const c = JSON.parse(require("fs").readFileSync("tauri.conf.json", "utf8"));
  c.build.frontendDist = "../" + c.build.frontendDist;
  c.bundle.icon = c.bundle.icon.map((i) => "../" + i);
  require("fs").writeFileSync(process.argv[1], JSON.stringify(c, null, 2));
' "$copy"
(cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb --ci)
ls -1 target/release/bundle/deb/*.deb
