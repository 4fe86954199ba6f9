#!/usr/bin/env bash
# The .deb installs, launches and uninstalls cleanly: dpkg installs it into
# a scratch root (its own dpkg database; nothing on this machine changes),
# the files land where a desktop looks for them, the installed binary runs
# (a script command, then its window under Xvfb), and removing the package
# leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/../.."
fail() { printf '\033[1;31mpackage test failed:\033[0m %s\n' "$*" >&2; exit 1; }
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

deb=$(ls -1 target/release/bundle/deb/Cloudpick_*_amd64.deb 2>/dev/null | tail -1)
[ -n "$deb" ] || fail "no .deb in target/release/bundle/deb: run make package"
version=$(dpkg-deb -f "$deb" Version)

root=$(mktemp -d)
home=$(mktemp -d)
trap 'rm -rf "$root" "$home"' EXIT
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
# The scratch root has no libraries of its own: the package's dependencies are this machine's.
dpkg_root=(dpkg --root="$root" --force-not-root --force-depends --log=/dev/null)

# What it depends on is what this machine runs it with.
for dep in $(dpkg-deb -f "$deb" Depends | tr -d ' ' | tr ',' ' '); do
  dpkg-query -W -f='${Status}' "${dep%%(*}" 2>/dev/null | grep -q 'install ok installed' || fail "it depends on $dep, which is not a package here"
done

# Document conversion's programs, and the folder dialog, are recommended, not required.
recommends=$(dpkg-deb -f "$deb" Recommends)
for wanted in libreoffice-writer-nogui poppler-utils zenity; do
  grep -q "$wanted" <<<"$recommends" || fail "it does not recommend $wanted (Recommends: $recommends)"
done

say "Installing $deb into a scratch root"
"${dpkg_root[@]}" --install "$deb" >/dev/null 2>&1 || fail "dpkg could not install it"
[ "$("${dpkg_root[@]}" --status cloudpick | sed -n 's/^Status: //p')" = "install ok installed" ] || fail "dpkg does not list it as installed"

desktop="$root/usr/share/applications/Cloudpick.desktop"
[ -x "$root/usr/bin/cloudpick" ] || fail "no /usr/bin/cloudpick"
[ -f "$desktop" ] || fail "no .desktop entry: $(find "$root/usr/share" -name '*.desktop')"
desktop-file-validate "$desktop" || fail "the .desktop entry does not validate"
grep -qx 'Exec=cloudpick' "$desktop" || fail "the .desktop entry does not start cloudpick: $(grep Exec "$desktop")"
grep -qx 'Icon=cloudpick' "$desktop" || fail "the .desktop entry has no icon"
for size in 16 24 32 48 64 128 256 512; do
  icon="$root/usr/share/icons/hicolor/${size}x${size}/apps/cloudpick.png"
  [ -f "$icon" ] || fail "no ${size}x${size} icon"
  file "$icon" | grep -q "PNG image data, $size x $size" || fail "the ${size}x${size} icon is $(file -b "$icon")"
done

# The desktop's file dialog: the portal finds Cloudpick's backend, and D-Bus can start it.
portal="$root/usr/share/xdg-desktop-portal/portals/cloudpick.portal"
service="$root/usr/share/dbus-1/services/org.freedesktop.impl.portal.desktop.cloudpick.service"
[ -f "$portal" ] || fail "no cloudpick.portal for xdg-desktop-portal"
grep -qx 'DBusName=org.freedesktop.impl.portal.desktop.cloudpick' "$portal" || fail "cloudpick.portal names $(grep DBusName "$portal")"
grep -qx 'Interfaces=org.freedesktop.impl.portal.FileChooser;' "$portal" || fail "cloudpick.portal offers $(grep Interfaces "$portal")"
[ -f "$service" ] || fail "no D-Bus service file for the file dialog"
grep -qx 'Name=org.freedesktop.impl.portal.desktop.cloudpick' "$service" || fail "the service file names $(grep Name "$service")"
grep -qx 'Exec=/usr/bin/cloudpick --portal' "$service" || fail "the service file runs $(grep Exec "$service")"

say "Launching the installed app"
[ "$("$root/usr/bin/cloudpick" --version)" = "cloudpick $version" ] || fail "--version says $("$root/usr/bin/cloudpick" --version)"
export HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" XDG_CACHE_HOME="$home/.cache"
mkdir -p "$XDG_CACHE_HOME/mesa_shader_cache"
accounts=$("$root/usr/bin/cloudpick" --demo accounts) || fail "cloudpick --demo accounts failed"
grep -q '^dropbox:demo@cloudpick.invalid  *Dropbox' <<<"$accounts" || fail "accounts listed: $accounts"
# The window: it must come up (its instance socket answers) and stay up.
xvfb-run --auto-servernum dbus-run-session -- bash -c '
  "$1" --demo & app=$!
  for _ in $(seq 1 150); do
    [ -S "$XDG_DATA_HOME/Cloudpick/instance.sock" ] && break
    kill -0 $app 2>/dev/null || { echo "the window exited" >&2; exit 1; }
    sleep 0.2
  done
  [ -S "$XDG_DATA_HOME/Cloudpick/instance.sock" ] || { echo "no window after 30 s" >&2; exit 1; }
  sleep 2
  kill -0 $app 2>/dev/null || { echo "the window exited" >&2; exit 1; }
  kill $app; wait $app || true' launch "$root/usr/bin/cloudpick" || fail "the installed window did not run"

say "Starting it by D-Bus, as an application's file dialog does"
# A private session bus whose service folder holds the package's service file,
# pointed at the scratch root: the first call to the name starts `cloudpick --portal`.
bus=$(mktemp -d)
sed "s|^Exec=/usr/bin/cloudpick|Exec=$root/usr/bin/cloudpick|" "$service" >"$bus/$(basename "$service")"
cat >"$bus/session.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=$bus</listen>
  <servicedir>$bus</servicedir>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
EOF
xvfb-run --auto-servernum dbus-run-session --config-file="$bus/session.conf" -- bash -c '
  name=org.freedesktop.impl.portal.desktop.cloudpick
  gdbus call --session --dest $name --object-path /org/freedesktop/portal/desktop \
    --method org.freedesktop.DBus.Peer.Ping >/dev/null || { echo "D-Bus could not start it" >&2; exit 1; }
  pid=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.GetConnectionUnixProcessID $name | sed -E "s/.*uint32 ([0-9]+).*/\\1/")
  cmd=$(tr "\0" " " </proc/$pid/cmdline)
  # It and its web process end before the display and the home folder go.
  procs="$pid $(pgrep -P $pid | tr "\n" " ")"
  kill $procs
  for _ in $(seq 1 100); do
    alive=0; for p in $procs; do kill -0 $p 2>/dev/null && alive=1; done
    [ $alive = 1 ] || break; sleep 0.1
  done
  [ $alive = 0 ] || { echo "cloudpick --portal did not end within 10 s of TERM" >&2; exit 1; }
  [ "$cmd" = "$1/usr/bin/cloudpick --portal " ] || { echo "the name is held by: $cmd" >&2; exit 1; }' activate "$root" ||
  { rm -rf "$bus"; fail "D-Bus did not start cloudpick --portal for the file dialog"; }
rm -rf "$bus"

say "Removing it"
"${dpkg_root[@]}" --purge cloudpick >/dev/null
left=$(find "$root" -path "$root/var" -prune -o -type f -print)
[ -z "$left" ] || fail "files left behind: $left"
"${dpkg_root[@]}" --status cloudpick >/dev/null 2>&1 && fail "dpkg still lists it"
say "The package installs, runs and uninstalls cleanly ($version)"
