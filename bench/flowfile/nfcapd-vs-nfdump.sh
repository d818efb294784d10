#!/usr/bin/env bash
# Reading nfcapd files: PeerWatch's NfcapdReader (ReadFlowFile: every record to a FlowRecord, one
# JVM per run) against nfdump 1.7 reading the same file, in the same run.
#
# The file: nfcapd on 127.0.0.1 stores the lab's NetFlow v9 export replayed by the collector
# benchmark's sender (../shared/bench/netflow) at RATE datagrams/s for SECONDS; nfdump then writes
# an LZ4 (-y) and an LZO (-z) copy. Each file is read by
#   nfdump -r FILE -q -o null   (nfdump reads and filters every record, prints nothing)
#   nfdump -r FILE -q -o csv    (what analyze needed before it read nfcapd files itself)
#   ReadFlowFile FILE           (PeerWatch: the reader analyze and the job use)
# with hyperfine (RUNS runs, 1 warm-up), then 3 runs each under /usr/bin/time for peak RSS.
#
# Usage: bench/flowfile/nfcapd-vs-nfdump.sh [RUNS]        env RATE (default 60000), SECONDS_SENT (8)
# Output: bench/results/nfcapd-vs-nfdump.md (appended).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED="${PEERWATCH_SHARED:-$ROOT/../shared}"
NB="$SHARED/bench/netflow"
DATA="$ROOT/bench/data/netflow"
RESULTS="$ROOT/bench/results/nfcapd-vs-nfdump.md"
RUNS="${1:-10}"
RATE="${RATE:-60000}"
SECONDS_SENT="${SECONDS_SENT:-8}"
mkdir -p "$DATA" "$(dirname "$RESULTS")"
for tool in nfcapd nfdump gcc python3 java hyperfine; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install nfdump hyperfine)" >&2; exit 1; }
done
[ -x "$DATA/sender" ] || gcc -O2 -Wall -o "$DATA/sender" "$NB/sender.c"
[ -f "$DATA/v9-asis.bin" ] || python3 "$NB/prep.py" "$SHARED/corpus/lab/netflow/export-netflow-v9-s1.pcap" asis \
  "$DATA/v9-asis.bin" >/dev/null
"$ROOT/peerwatch" --version >/dev/null   # builds the project if needed, outside the timing
[ -f "$ROOT/bench/target/classes/io/peerwatch/bench/flowfile/ReadFlowFile.class" ] \
  || (cd "$ROOT" && mvn -q -B -DskipTests -pl bench -am compile)
CP="$ROOT/bench/target/classes:$ROOT/peerwatch-cli/target/classes:$(cat "$ROOT/peerwatch-cli/target/cli-classpath.txt")"

WORK="$(mktemp -d /tmp/pw-nfcapd-bench.XXXXXX)"
NFCAPD_PID=""
cleanup() {
  if [ -n "$NFCAPD_PID" ] && kill -0 "$NFCAPD_PID" 2>/dev/null; then kill "$NFCAPD_PID"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- the file: nfcapd stores what the sender sends
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$WORK/store"
nfcapd -w "$WORK/store" -p "$port" -b 127.0.0.1 -B 4194304 -t 3600 >"$WORK/nfcapd.log" 2>&1 &
NFCAPD_PID=$!
sleep 1
"$DATA/sender" "$DATA/v9-asis.bin" "$port" "$RATE" $((RATE * SECONDS_SENT)) $((SECONDS_SENT + 10)) asis >/dev/null
sleep 1.5
kill "$NFCAPD_PID"; wait "$NFCAPD_PID" 2>/dev/null || true
NFCAPD_PID=""
plain=$(find "$WORK/store" -name 'nfcapd.[0-9]*' | head -1)
[ -n "$plain" ] || { echo "nfcapd stored no file" >&2; exit 1; }
nfdump -r "$plain" -y -w "$WORK/lz4" >/dev/null
nfdump -r "$plain" -z -w "$WORK/lzo" >/dev/null

{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ): nfcapd files read by nfdump and by PeerWatch"
  echo
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1); $(nfdump -V 2>&1 | head -1); load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: bench/flowfile/nfcapd-vs-nfdump.sh $RUNS (RATE=$RATE, SECONDS_SENT=$SECONDS_SENT)"
  echo
} >>"$RESULTS"
for kind in plain lz4 lzo; do
  f="$plain"; [ "$kind" != plain ] && f="$WORK/$kind"
  ours=$(java -cp "$CP" io.peerwatch.bench.flowfile.ReadFlowFile "$f")
  theirs=$(nfdump -r "$f" -q -o csv | grep -c '^[0-9]')
  echo "$kind: $(stat -c %s "$f") bytes; PeerWatch read $ours; nfdump printed $theirs flows" | tee -a "$RESULTS"
  hyperfine --warmup 1 --runs "$RUNS" --export-markdown "$WORK/$kind.md" \
    -n "nfdump -o null ($kind)" "nfdump -r $f -q -o null" \
    -n "nfdump -o csv ($kind)" "nfdump -r $f -q -o csv" \
    -n "PeerWatch ReadFlowFile ($kind)" "java -cp $CP io.peerwatch.bench.flowfile.ReadFlowFile $f" >/dev/null
  cat "$WORK/$kind.md" >>"$RESULTS"
  echo >>"$RESULTS"
  for tool in nfdump peerwatch; do
    rss=()
    for _ in 1 2 3; do
      if [ "$tool" = nfdump ]; then
        /usr/bin/time -f %M -o "$WORK/rss" nfdump -r "$f" -q -o null >/dev/null
      else
        /usr/bin/time -f %M -o "$WORK/rss" java -cp "$CP" io.peerwatch.bench.flowfile.ReadFlowFile "$f" >/dev/null
      fi
      rss+=("$(tail -1 "$WORK/rss")")
    done
    echo "peak RSS $tool ($kind): ${rss[*]} KiB" | tee -a "$RESULTS"
  done
  echo >>"$RESULTS"
done
echo "results appended to $RESULTS"
