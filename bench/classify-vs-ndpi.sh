#!/usr/bin/env bash
# End-to-end speed of `peerwatch classify` against Debian's ndpiReader on the reference
# capture big_rand.pcap (../shared/bench/make-bench-pcap.sh): whole process each, one thread,
# same run, hyperfine medians. Results: bench/results/classify-vs-ndpi.{md,json}.
# Usage: bench/classify-vs-ndpi.sh [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=${1:-7}
DATA="$ROOT/bench/data"
SHARED="${PEERWATCH_SHARED:-$ROOT/../shared}"
mkdir -p "$DATA" "$ROOT/bench/results"

need=()
command -v ndpiReader >/dev/null || need+=(libndpi-bin)
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v tcprewrite >/dev/null || need+=(tcpreplay)
command -v mergecap >/dev/null || need+=(wireshark-common)
if [ ${#need[@]} -gt 0 ]; then
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -f "$DATA/big_rand.pcap" ] || bash "$SHARED/bench/make-bench-pcap.sh" "$DATA"

"$ROOT/peerwatch" --version >/dev/null   # builds if needed, outside the timing
PCAP="$DATA/big_rand.pcap"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "ndpiReader: $(ndpiReader -h 2>&1 | grep -m1 -o 'nDPI v[0-9.]*' || dpkg-query -W -f='${Version}' libndpi-bin)"
echo "capture: $(capinfos -c -M "$PCAP" | awk -F: '/Number of packets/{gsub(/ /,"",$2); print $2}') packets"

# Both print a per-protocol summary and no per-flow lines; both single-threaded on one file.
hyperfine --warmup 1 --runs "$RUNS" --export-json "$ROOT/bench/results/classify-vs-ndpi.json" \
  --export-markdown "$ROOT/bench/results/classify-vs-ndpi.md" \
  -n ndpiReader "ndpiReader -q -i $PCAP" \
  -n "peerwatch classify" "$ROOT/peerwatch classify --summary-only $PCAP"
