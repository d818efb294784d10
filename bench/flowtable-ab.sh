#!/usr/bin/env bash
# Paired before/after of the flow table's per-packet path on a loaded machine: FlowTableBenchmark's
# loop (every frame of the nDPI corpus through decoder, flow table and engine, all flows known)
# for each library jar given, all in one JVM, each jar in its own class loader, passes alternating
# between them and timed by the thread's CPU time (not wall time, which waiting for a core
# inflates). Prints per jar the median and best pass and the median ratio to the first jar.
#
#   bench/flowtable-ab.sh [c1|c2] BEFORE.jar AFTER.jar [MORE.jar ...]
#
# c1 compiles as `peerwatch classify` does (-XX:TieredStopAtLevel=1), c2 as a long-running JVM.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=${1:?usage: flowtable-ab.sh c1|c2 BEFORE.jar AFTER.jar ...}
shift
JIT=()
[ "$MODE" = c1 ] && JIT=(-XX:TieredStopAtLevel=1)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/loop"
javac -d "$WORK/loop" -cp "$1" "$ROOT/bench/flowtable-ab/Loop.java"
javac -d "$WORK" "$ROOT/bench/flowtable-ab/Ab.java"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx3g "${JIT[@]}" -Dloop.dir="$WORK/loop/" -Dcorpus="${PEERWATCH_SHARED:-$ROOT/../shared}/corpus/ndpi/pcap" \
  -cp "$WORK" Ab "${ROUNDS:-40}" "${WARMUP:-10}" "$@"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
