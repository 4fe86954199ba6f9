#!/usr/bin/env bash
# Makes the icon set from icons/cloudpick.svg (needs rsvg-convert, from librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" cloudpick.svg -o "${size}x${size}.png"
done
rsvg-convert -w 256 -h 256 cloudpick.svg -o 128x128@2x.png
cp 512x512.png icon.png
