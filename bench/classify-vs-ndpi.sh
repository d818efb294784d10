#!/usr/bin/env bash
# End-to-end speed of `peerwatch classify` against Debian's ndpiReader on the reference
# capture big_rand.pcap (../shared/bench/make-bench-pcap.sh): whole process each, same run,
# hyperfine medians, then each tool's peak RSS (/usr/bin/time, largest child). ndpiReader reads
# one file on one thread; peerwatch runs twice: as it runs by default here (--pipeline on a
# machine with more than one core: reading, flows and host judgements on three threads) and
# with --no-pipeline (everything on one thread). Results: bench/results/classify-vs-ndpi.{md,json}.
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
[ -x /usr/bin/time ] || need+=(time)
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

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# Each prints a per-protocol summary and no per-flow lines; the two peerwatch runs print the same.
# The warm-up run of peerwatch also writes its class-data-sharing archive (see ./peerwatch).
cmp <("$ROOT/peerwatch" classify --summary-only --pipeline "$PCAP") \
  <("$ROOT/peerwatch" classify --summary-only --no-pipeline "$PCAP") && echo "pipelined output = one-thread output"
hyperfine --warmup 1 --runs "$RUNS" --export-json "$ROOT/bench/results/classify-vs-ndpi.json" \
  --export-markdown "$ROOT/bench/results/classify-vs-ndpi.md" \
  -n ndpiReader "ndpiReader -q -i $PCAP" \
  -n "peerwatch classify" "$ROOT/peerwatch classify --summary-only $PCAP" \
  -n "classify 1 thread" "$ROOT/peerwatch classify --summary-only --no-pipeline $PCAP"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Peak resident memory (whole process; for peerwatch the JVM, not the launcher script), 3 runs each.
for tool in ndpiReader peerwatch "peerwatch-1-thread"; do
  for i in 1 2 3; do
    if [ "$tool" = ndpiReader ]; then
      /usr/bin/time -f "%M" -o "$DATA/rss.$$" ndpiReader -q -i "$PCAP" >/dev/null
    elif [ "$tool" = peerwatch ]; then
      /usr/bin/time -f "%M" -o "$DATA/rss.$$" "$ROOT/peerwatch" classify --summary-only "$PCAP" >/dev/null
    else
      /usr/bin/time -f "%M" -o "$DATA/rss.$$" "$ROOT/peerwatch" classify --summary-only --no-pipeline "$PCAP" >/dev/null
    fi
    echo "$tool peak RSS run $i: $(( $(tail -1 "$DATA/rss.$$") / 1024 )) MiB"
  done
done
rm -f "$DATA/rss.$$"

# Median, min, max and packets/s per tool (hyperfine's own summary uses means).
if command -v python3 >/dev/null; then
  PACKETS=$(capinfos -c -M "$PCAP" | awk -F: '/Number of packets/{gsub(/ /,"",$2); print $2}')
  python3 - "$ROOT/bench/results/classify-vs-ndpi.json" "$PACKETS" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
packets = int(sys.argv[2])
print(f"{'tool':20} {'median s':>9} {'min s':>7} {'max s':>7} {'packets/s (median)':>19}")
for r in results:
    print(f"{r['command']:20} {r['median']:9.3f} {r['min']:7.3f} {r['max']:7.3f} {packets / r['median']:19,.0f}")
for r in results[1:]:
    print(f"{r['command']}: speed-up over ndpiReader, medians: {results[0]['median'] / r['median']:.2f}x;"
          f" best runs: {results[0]['min'] / r['min']:.2f}x")
PY
fi
