#!/usr/bin/env bash
# Streams files of 64 MiB and 512 MiB into an S3 bucket on moto's server
# through Cloudpick's S3 drive (OpenDAL's multipart writer): Cloudpick's peak
# RSS must stay flat (target: under 100 MiB for both, and the same within
# 16 MiB). curl's single PUT of the same bytes to the same server is the
# anchor for the time.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --quiet -p cloudpick-tests --bin bench-objects
tests/interop/venv.sh
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tests/interop/.venv/bin/moto_server -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
pid=$!
endpoint="http://127.0.0.1:$port"
for _ in $(seq 200); do curl -s -o /dev/null "$endpoint" && break; sleep 0.1; done
tests/interop/.venv/bin/python tests/objects/sdk.py s3 "$endpoint" make bench

printf '\nS3 uploads through OpenDAL (moto on loopback)\n'
printf '%-10s %12s %12s %14s %12s\n' size cloudpick_s curl_put_s peak_rss_MiB cpu_s
declare -a peaks
for mib in 64 512; do
  read -r _bytes _rate peak cpu wall < <(target/release/bench-objects "$endpoint" bench "$mib")
  head -c $((mib * 1024 * 1024)) /dev/zero > "$work/anchor.bin"
  anchor=$( { /usr/bin/time -f %e curl -s -o /dev/null -T "$work/anchor.bin" "$endpoint/bench/anchor-$mib.bin"; } 2>&1 )
  rm -f "$work/anchor.bin"
  printf '%-10s %12s %12s %14s %12s\n' "${mib} MiB" "$wall" "$anchor" "$peak" "$cpu"
  peaks+=("$peak")
done
python3 - "${peaks[@]}" <<'PY'
import sys
small, big = map(float, sys.argv[1:])
flat = big - small <= 16 and big < 100
print(f"peak RSS {small:.1f} MiB at 64 MiB, {big:.1f} MiB at 512 MiB: {'flat' if flat else 'GROWS'} (target: under 100 MiB, within 16 MiB)")
PY
