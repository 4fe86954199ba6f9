#!/usr/bin/env bash
# 1. Downloads a 1 GiB file from the emulator with curl to /dev/null: the
#    throughput (target: 1 GB/s or more on loopback) and the emulator's peak
#    RSS after a 100 MiB and after a 1 GiB download (target: flat).
# 2. Copies the same files from the emulated Dropbox to the emulated OneDrive
#    through Cloudpick's clients: throughput as a ratio to curl's (target: 0.7
#    or more) and Cloudpick's peak RSS (target: under 100 MiB, flat).
#    For reference, curl also uploads 1 GiB in one request (Amazon's
#    multipart): a copy has to be stored too, so it cannot beat that.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --release --quiet -p cloudpick-emulator -p cloudpick-tests --bin cloudpick-emulator --bin bench-copy
# The emulator stands in for remote servers: its blobs live in memory (tmpfs)
# so that this machine's disk is not what gets measured.
scratch=/dev/shm; [ -w "$scratch" ] || scratch=${TMPDIR:-/tmp}
work=$(mktemp -d -p "$scratch")
export TMPDIR="$work"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/seed"
head -c $((1024 * 1024 * 1024)) /dev/urandom > "$work/seed/big.bin"
head -c $((100 * 1024 * 1024)) /dev/urandom > "$work/seed/medium.bin"

target/release/cloudpick-emulator serve --seed "$work/seed" --auto-approve > "$work/info.json" &
pid=$!
for _ in $(seq 100); do [ -s "$work/info.json" ] && break; sleep 0.1; done

# field PROVIDER EXPR: a value from the emulator's printed info.
info() { python3 -c "import json,sys; d=json.load(open('$work/info.json'))['providers'][sys.argv[1]]; print(eval(sys.argv[2]))" "$1" "$2"; }
field() { info onedrive "$1"; }
authorize=$(field "d['authorize_url']")
token_url=$(field "d['token_url']")
client=$(field "d['client_id']")
api=$(field "d['base_urls']['api']")
redirect="http://127.0.0.1:9/callback"
verifier="benchmark-verifier-benchmark-verifier-benchmark-verifier"
challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=')

location=$(curl -s -o /dev/null -w '%{redirect_url}' \
  "$authorize?client_id=$client&response_type=code&redirect_uri=$redirect&state=b&code_challenge=$challenge&code_challenge_method=S256")
code=$(python3 -c "import sys,urllib.parse as u; print(u.parse_qs(u.urlparse(sys.argv[1]).query)['code'][0])" "$location")
token=$(curl -s -X POST "$token_url" -d grant_type=authorization_code -d "code=$code" \
  -d "redirect_uri=$redirect" -d "client_id=$client" -d "code_verifier=$verifier" |
  python3 -c "import json,sys; print(json.load(sys.stdin)['access_token'])")

# The same, for Amazon Cloud Drive (no PKCE), whose multipart upload takes a
# whole file in one request: the baseline for the emulator storing 1 GiB.
a_location=$(curl -s -o /dev/null -w '%{redirect_url}' \
  "$(info clouddrive "d['authorize_url']")?client_id=$(info clouddrive "d['client_id']")&response_type=code&redirect_uri=$redirect&state=b")
a_code=$(python3 -c "import sys,urllib.parse as u; print(u.parse_qs(u.urlparse(sys.argv[1]).query)['code'][0])" "$a_location")
a_token=$(curl -s -X POST "$(info clouddrive "d['token_url']")" -d grant_type=authorization_code -d "code=$a_code" \
  -d "redirect_uri=$redirect" -d "client_id=$(info clouddrive "d['client_id']")" \
  -d "client_secret=$(info clouddrive "d['client_secret']")" |
  python3 -c "import json,sys; print(json.load(sys.stdin)['access_token'])")
a_root=$(curl -s -G -H "Authorization: Bearer $a_token" --data-urlencode 'filters=kind:FOLDER AND isRoot:true' \
  "$(info clouddrive "d['base_urls']['metadata']")nodes" | python3 -c "import json,sys; print(json.load(sys.stdin)['data'][0]['id'])")
upload() {
  curl -s -o /dev/null -w '%{size_upload} %{speed_upload}\n' -H "Authorization: Bearer $a_token" \
    -F "metadata={\"name\":\"$2\",\"kind\":\"FILE\",\"parents\":[\"$a_root\"]};type=application/json" \
    -F "content=@$work/seed/$1" "$(info clouddrive "d['base_urls']['content']")nodes?suppress=deduplication"
}

peak_rss_mib() { awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
download() {
  curl -s -L -o /dev/null -w '%{size_download} %{speed_download}\n' \
    -H "Authorization: Bearer $token" "$api/me/drive/root:/$1:/content"
}

read -r size_medium _ < <(download medium.bin)
rss_medium=$(peak_rss_mib)
best=0
for _ in 1 2 3; do
  read -r size speed < <(download big.bin)
  [ "$size" -eq $((1024 * 1024 * 1024)) ] || { echo "download returned $size bytes, not 1 GiB" >&2; exit 1; }
  best=$(python3 -c "print(max($best, $speed))")
done
rss_big=$(peak_rss_mib)

gbps=$(python3 -c "print(f'{$best / 1e9:.2f}')")
verdict() { python3 -c "print('meets the target' if $1 else 'MISSES the target')"; }
echo "emulator download, 1 GiB over loopback with curl: $gbps GB/s ($(verdict "$best >= 1e9"): 1 GB/s or more)"
echo "emulator peak RSS: $rss_medium MiB after $((size_medium / 1048576)) MiB, $rss_big MiB after 1 GiB ($(verdict "$rss_big - $rss_medium < 16"): flat, under 16 MiB growth)"

up_best=0
for i in 1 2 3; do
  read -r _ up_speed < <(upload big.bin "uploaded-$i.bin")
  up_best=$(python3 -c "print(max($up_best, $up_speed))")
done
echo "emulator storing 1 GiB uploaded by curl (one multipart request): $(python3 -c "print(f'{$up_best / 1e9:.2f}')") GB/s (for reference: a copy cannot beat the slower of the download and this)"

read -r _ copy_medium rss_copy_medium _ _ < <(target/release/bench-copy "$work/info.json" medium.bin)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
emulator_before=$(cpu_ticks "$pid")
read -r _ copy_big rss_copy_big copy_cpu copy_wall < <(target/release/bench-copy "$work/info.json" big.bin)
emulator_cpu=$(python3 -c "print(($(cpu_ticks "$pid") - $emulator_before) / 100)")
ratio=$(python3 -c "print(f'{$copy_big / $best:.2f}')")
echo "Dropbox → OneDrive copy of 1 GiB through Cloudpick: $(python3 -c "print(f'{$copy_big / 1e9:.2f}')") GB/s, $ratio of curl's download ($(verdict "$copy_big / $best >= 0.7"): 0.7 or more)"
echo "  the same copy against the slower of curl's download and upload: $(python3 -c "print(f'{$copy_big / min($best, $up_best):.2f}')")"
cores=$(nproc)
echo "  CPU used by that copy: Cloudpick $copy_cpu s + emulator $emulator_cpu s in $copy_wall s on $cores cores; with every core busy the copy could take no less than $(python3 -c "print(f'{($copy_cpu + $emulator_cpu) / $cores:.2f}')") s, a ratio of at most $(python3 -c "print(f'{$copy_big * $copy_wall / (($copy_cpu + $emulator_cpu) / $cores) / $best:.2f}')")"
echo "Cloudpick peak RSS: $rss_copy_medium MiB copying 100 MiB, $rss_copy_big MiB copying 1 GiB ($(verdict "$rss_copy_big < 100 and $rss_copy_big - $rss_copy_medium < 16"): under 100 MiB and flat)"
