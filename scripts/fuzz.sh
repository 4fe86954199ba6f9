#!/usr/bin/env bash
# Fuzzes the image conversions (decoding, every transform, encoding) with
# cargo fuzz for 60 seconds (FUZZ_SECONDS to change), from seeds of every
# format read (JPEG, PNG, WebP, GIF, TIFF, HEIC, AVIF) made here. A finding is saved under fuzz/artifacts/convert/ and
# fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --quiet
command -v vips >/dev/null || { echo "vips is missing: run scripts/setup.sh test" >&2; exit 1; }

corpus=fuzz/corpus/convert
mkdir -p "$corpus"
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
(
  cd "$seeds"
  vips perlin p.v 48 32 --cell-size 8
  vips linear p.v q.v 200 128
  vips cast q.v grey.v uchar
  vips bandjoin "grey.v grey.v grey.v" rgb.v
  vips bandjoin "grey.v grey.v grey.v grey.v" rgba.v
  for out in seed.jpg "seed-progressive.jpg[interlace]" seed.png "seed-interlaced.png[interlace]" \
    seed.webp "seed-lossless.webp[lossless]" seed.gif; do
    vips copy rgb.v "$out"
  done
  vips copy rgba.v seed-alpha.png
  vips copy rgba.v seed-alpha.webp
  vips copy grey.v seed-grey.jpg
  # The formats of #24: HEIC and AVIF (libheif), TIFF in strips, tiles and 16 bits.
  vips copy rgb.v seed.heic
  vips copy rgb.v "seed.avif[compression=av1,effort=0]"
  vips copy rgba.v "seed-alpha.heic"
  vips copy rgb.v "seed-lzw.tif[compression=lzw]"
  vips copy rgb.v "seed-tiled.tif[tile,tile-width=16,tile-height=16,compression=deflate]"
  vips cast rgb.v rgb16.v ushort
  vips copy rgb16.v "seed-16bit.tif[compression=lzw,predictor=horizontal]"
)
# The target reads its first eight bytes as the conversion to make.
for f in "$seeds"/seed*; do
  { printf '\x85\x85\x01\x03\x05\x07\x00\x40'; cat "$f"; } > "$corpus/$(basename "$f")"
done
cd fuzz
RUSTC_BOOTSTRAP=1 cargo fuzz run convert corpus/convert -- \
  -max_total_time="${FUZZ_SECONDS:-60}" -rss_limit_mb=2048 -timeout=10
