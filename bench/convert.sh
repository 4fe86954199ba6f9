#!/usr/bin/env bash
# Cloudpick's conversion pipeline beside vipsthumbnail, on the same files in
# one run: a 24 MP JPEG, a 12 MP PNG, a 24 MP WebP, a 12 MP HEIC, a 12 MP
# AVIF and a 24 MP TIFF (LZW), each made into a 400×400 crop-first JPEG (the
# seeds' conversion). Both run as commands; the median of several
# alternating runs is compared. Targets: time ratio to vipsthumbnail at most
# 0.8 for JPEG and PNG (#8), 0.7 for WebP and 1.0 for HEIC, AVIF and TIFF
# (#24); peak RSS no higher. vipsthumbnail reads HEIF through the same
# libheif. The files carry no embedded thumbnail, so both decode the photo.
# Then the grid: 200 thumbnails asked at once keep every core busy, and a
# second pass serves them all from the on-disk cache.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
command -v vipsthumbnail >/dev/null || { echo "vipsthumbnail is missing: run scripts/setup.sh test" >&2; exit 1; }

cargo build --release --quiet -p cloudpick-tests --bin bench-convert --bin bench-thumbnails
scratch=/dev/shm; [ -w "$scratch" ] || scratch=${TMPDIR:-/tmp}
work=$(mktemp -d -p "$scratch")
trap 'rm -rf "$work"' EXIT

# Photo-like test images: smooth noise at three scales plus grain, made by vips.
photo() { # WIDTH HEIGHT OUT
  local w=$1 h=$2 v="$work/v"
  vips perlin "$v-p1.v" "$w" "$h" --cell-size 300 --seed 1
  vips perlin "$v-p2.v" "$w" "$h" --cell-size 120 --seed 2
  vips perlin "$v-p3.v" "$w" "$h" --cell-size 40 --seed 3
  vips gaussnoise "$v-n.v" "$w" "$h" --sigma 10 --mean 0
  vips linear "$v-p1.v" "$v-a.v" 200 128
  vips linear "$v-p2.v" "$v-b.v" 150 100
  vips linear "$v-p3.v" "$v-c.v" 90 110
  vips add "$v-a.v" "$v-n.v" "$v-a2.v"
  vips add "$v-b.v" "$v-n.v" "$v-b2.v"
  vips bandjoin "$v-a2.v $v-b2.v $v-c.v" "$v-rgb.v"
  vips cast "$v-rgb.v" "$3" uchar
  rm -f "$v"-*.v
}
echo "Making the test images..."
photo 6000 4000 "$work/rgb24.v"
vips jpegsave "$work/rgb24.v" "$work/photo-24mp.jpg" --Q 90
vips webpsave "$work/rgb24.v" "$work/photo-24mp.webp" --Q 85
vips tiffsave "$work/rgb24.v" "$work/photo-24mp.tif" --compression lzw
photo 4000 3000 "$work/rgb12.v"
vips pngsave "$work/rgb12.v" "$work/photo-12mp.png" --compression 6
vips heifsave "$work/rgb12.v" "$work/photo-12mp.heic" --Q 85 --compression hevc
vips heifsave "$work/rgb12.v" "$work/photo-12mp.avif" --Q 70 --compression av1 --effort 2
rm -f "$work"/*.v

python3 - "$work" <<'PY'
import os, statistics, subprocess, sys, time
work = sys.argv[1]
runs = 7

def measure(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode()
    if status != 0:
        sys.exit(f"{cmd[0]} failed: {err}")
    return elapsed, usage.ru_maxrss  # KiB on Linux

cases = [("24 MP JPEG", "photo-24mp.jpg", 0.8), ("12 MP PNG", "photo-12mp.png", 0.8),
         ("24 MP WebP", "photo-24mp.webp", 0.7), ("12 MP HEIC", "photo-12mp.heic", 1.0),
         ("12 MP AVIF", "photo-12mp.avif", 1.0), ("24 MP TIFF (LZW)", "photo-24mp.tif", 1.0)]
ok = True
print(f"{'400x400 crop-first':<20}{'vipsthumbnail':>15}{'Cloudpick':>12}{'ratio':>8}{'target':>8}"
      f"{'vips RSS':>11}{'our RSS':>10}")
for label, name, target in cases:
    src = os.path.join(work, name)
    ours_out = os.path.join(work, "ours.jpg")
    vips_cmd = ["vipsthumbnail", src, "--size", "400x400", "--smartcrop", "centre",
                "-o", os.path.join(work, "vips.jpg[Q=85]")]
    ours_cmd = ["target/release/bench-convert", src, ours_out, "400", "400"]
    # One warm-up each, so both read the file from the page cache.
    measure(vips_cmd); measure(ours_cmd)
    vips_t, ours_t, vips_m, ours_m = [], [], [], []
    for _ in range(runs):
        t, m = measure(vips_cmd); vips_t.append(t); vips_m.append(m)
        t, m = measure(ours_cmd); ours_t.append(t); ours_m.append(m)
    v, o = statistics.median(vips_t), statistics.median(ours_t)
    ratio = o / v
    vm, om = max(vips_m), max(ours_m)
    good = ratio <= target and om <= vm
    ok &= good
    print(f"{label:<20}{v*1000:>12.0f} ms{o*1000:>9.0f} ms{ratio:>8.2f}{target:>8.1f}"
          f"{vm/1024:>8.1f} MiB{om/1024:>7.1f} MiB  {'met' if good else 'NOT MET'}")
    with open(ours_out, "rb") as f:
        head = f.read(3)
    assert head == b"\xff\xd8\xff", "Cloudpick wrote a JPEG"
print("targets met" if ok else "a target was not met")
PY

echo
target/release/bench-thumbnails 200
