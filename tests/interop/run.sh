#!/usr/bin/env bash
# The interop suite: the providers' official Python SDKs, pinned and unchanged,
# against `cloudpick-emulator serve`. Makes the venv if needed (venv.sh), then
# runs pytest (extra arguments pass through).
# CLOUDPICK_EMULATOR names the binary (default: target/debug/cloudpick-emulator).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/venv.sh"
cd "$here"
exec "$here/.venv/bin/python" -m pytest "$@"
