#!/usr/bin/env bash
# The picker's performance budget on the emulated 10,000-entry folder, in the
# real window (release build, Xvfb, WebKitWebDriver): time to the first rows
# after the click, and the longest frame while scrolling to the end; and the
# time to the first Quick Look preview of a 24-megapixel HEIC.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --quiet -p cloudpick
export CLOUDPICK_BINARY="$PWD/target/release/cloudpick"
export NO_AT_BRIDGE=1
cd tests/e2e
for script in bench/big_folder.mjs bench/quicklook_heic.mjs; do
  xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" \
    ../keyring-session.sh node "$script"
done
