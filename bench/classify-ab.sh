#!/usr/bin/env bash
# Before/after comparison of `peerwatch classify` on big_rand.pcap, interleaved in one hyperfine
# run with ndpiReader as the fixed reference: two builds of the project, each a snapshot of its
# jars, run with exactly the JVM options and class-data-sharing archive `./peerwatch classify`
# uses (see the launcher), so the only difference is the code.
#
#   bench/classify-ab.sh --snapshot DIR        # copy this build's jars (after mvn package) into DIR
#   bench/classify-ab.sh BEFORE_DIR AFTER_DIR [RUNS] [ROUNDS]
#
# Results: bench/results/classify-ab-<round>.json and a summary (median wall time of all runs,
# mean user and system CPU). Needs what classify-vs-ndpi.sh needs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ "${1:-}" = "--snapshot" ]; then
  dir=${2:?usage: classify-ab.sh --snapshot DIR}
  mkdir -p "$dir"
  cp "$ROOT"/peerwatch-cli/target/peerwatch-cli-*.jar "$dir/"
  cp "$ROOT"/{p2p-signatures-lib,kafka-schemas,flink-job,sensor,kafka-local}/target/*-SNAPSHOT.jar "$dir/"
  sed "s#$ROOT/[a-z0-9-]*/target/#$dir/#g" "$ROOT/peerwatch-cli/target/cli-classpath.txt" >"$dir/cli-classpath.txt"
  git -C "$ROOT" rev-parse HEAD >"$dir/COMMIT"
  rm -f "$dir/classify.jsa"
  echo "snapshot of $(cat "$dir/COMMIT") in $dir"
  exit 0
fi

BEFORE=${1:?usage: classify-ab.sh BEFORE_DIR AFTER_DIR [RUNS] [ROUNDS]}
AFTER=${2:?usage: classify-ab.sh BEFORE_DIR AFTER_DIR [RUNS] [ROUNDS]}
RUNS=${3:-5}
ROUNDS=${4:-4}
PCAP="$ROOT/bench/data/big_rand.pcap"
[ -f "$PCAP" ] || bash "${PEERWATCH_SHARED:-$ROOT/../shared}/bench/make-bench-pcap.sh" "$ROOT/bench/data"
OUT="$ROOT/bench/results"
mkdir -p "$OUT"

# The launcher's options for a classify run on an input under 1 GiB, and Java 17's --add-opens list.
OPTS="-Xmx2g -Xmn256m -XX:+UseSerialGC -XX:+UseTransparentHugePages -XX:-UsePerfData -Xlog:disable
  -Xlog:all=warning,cds*=off:stderr -Dpicocli.disable.closures=true -XX:TieredStopAtLevel=1
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
  --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Dlog4j2.configurationFile=log4j2-cli.properties"
OPTS=$(echo $OPTS) # one line: hyperfine hands the command to a shell
cmd() { # DIR [JVM option]: the classify command of one snapshot
  local jar
  jar=$(ls "$1"/peerwatch-cli-*.jar)
  echo "java $OPTS $2 -cp $jar:$(<"$1/cli-classpath.txt") io.peerwatch.cli.PeerWatchCli classify --summary-only $PCAP"
}
for d in "$BEFORE" "$AFTER"; do # the class-data-sharing archive, as the launcher's first run writes it
  [ -f "$d/classify.jsa" ] || $(cmd "$d" "-XX:ArchiveClassesAtExit=$d/classify.jsa") >/dev/null
done
echo "before: $(cat "$BEFORE/COMMIT" 2>/dev/null || echo "$BEFORE"); after: $(cat "$AFTER/COMMIT" 2>/dev/null || echo "$AFTER")"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
# ROUNDS hyperfine runs of RUNS runs each; before and after swap places every round, so a change
# of load on the shared machine does not favour one of them.
B=(-n before "$(cmd "$BEFORE" "-XX:SharedArchiveFile=$BEFORE/classify.jsa")")
A=(-n after "$(cmd "$AFTER" "-XX:SharedArchiveFile=$AFTER/classify.jsa")")
for r in $(seq "$ROUNDS"); do
  if [ $((r % 2)) -eq 1 ]; then order=("${B[@]}" "${A[@]}"); else order=("${A[@]}" "${B[@]}"); fi
  echo "round $r, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  hyperfine -N --style basic --warmup 1 --runs "$RUNS" --export-json "$OUT/classify-ab-$r.json" \
    -n ndpiReader "ndpiReader -q -i $PCAP" "${order[@]}" | grep -E "^(Benchmark|  Time)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
PACKETS=$(capinfos -c -M "$PCAP" | awk -F: '/Number of packets/{gsub(/ /,"",$2); print $2}')
python3 - "$OUT" "$ROUNDS" "$PACKETS" <<'PY'
import json, statistics, sys
out, rounds, packets = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
runs = {}
for r in range(1, rounds + 1):
    for x in json.load(open(f"{out}/classify-ab-{r}.json"))["results"]:
        t = runs.setdefault(x["command"], {"wall": [], "user": [], "system": []})
        t["wall"] += x["times"]
        t["user"].append(x["user"])
        t["system"].append(x["system"])
print(f"{'command':12} {'runs':>4} {'median s':>9} {'min s':>7} {'max s':>7} {'user s':>7} {'sys s':>6} {'packets/s':>10}")
for c, t in runs.items():
    m = statistics.median(t["wall"])
    print(f"{c:12} {len(t['wall']):4} {m:9.3f} {min(t['wall']):7.3f} {max(t['wall']):7.3f} "
          f"{statistics.mean(t['user']):7.3f} {statistics.mean(t['system']):6.3f} {packets / m:10,.0f}")
PY
