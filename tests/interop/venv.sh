#!/usr/bin/env bash
# Makes tests/interop/.venv from requirements.txt (the SDKs, pinned), or
# leaves it when it already holds exactly those pins. Called by
# scripts/setup.sh test and by run.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
stamp="$venv/.requirements.txt"
if [ -x "$venv/bin/python" ] && cmp -s "$here/requirements.txt" "$stamp"; then
    exit 0
fi
printf '\033[1;34m==>\033[0m %s\n' "Installing the providers' SDKs into tests/interop/.venv"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
cp "$here/requirements.txt" "$stamp"
