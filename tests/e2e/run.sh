#!/usr/bin/env bash
# Runs the end-to-end suite against the built app: a virtual display (Xvfb),
# a private D-Bus session, and tauri-driver driving WebKitWebDriver.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(cd ../.. && pwd)/target}"
export PATH="$HOME/.cargo/bin:$PATH"

export NO_AT_BRIDGE=1
exec xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" \
  ../keyring-session.sh node --test --test-concurrency=1 --test-reporter=spec "${@:-specs/}"
