#!/usr/bin/env bash
# Runs the end-to-end suite against the built app: a virtual display (Xvfb),
# a private D-Bus session, and tauri-driver driving WebKitWebDriver.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(cd ../.. && pwd)/target}"
export PATH="$HOME/.cargo/bin:$PATH"

export NO_AT_BRIDGE=1
# Every scratch home, and emulator blob of the run goes in one
# folder, removed when the run passes and kept (and named) when it fails.
scratch="$(mktemp -d "${TMPDIR:-/tmp}/cloudpick-e2e-run-XXXXXX")"
export TMPDIR="$scratch"
status=0
xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" \
  ../keyring-session.sh node --test --test-concurrency=1 --test-reporter=spec "${@:-specs/}" || status=$?
if [ "$status" -eq 0 ]; then
  rm -rf "$scratch"
else
  echo "e2e: the run's files are kept in $scratch" >&2
fi
exit "$status"
