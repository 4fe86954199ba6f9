#!/usr/bin/env bash
# Runs a command in a private D-Bus session with a fresh GNOME Keyring,
# unlocked, in a throwaway data folder: the keyring the tests use.
set -euo pipefail
keyrings=$(mktemp -d)
trap 'rm -rf "$keyrings"' EXIT
export XDG_DATA_HOME="$keyrings"
dbus-run-session -- bash -c '
  printf "cloudpick-tests" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' keyring-session "$@"
