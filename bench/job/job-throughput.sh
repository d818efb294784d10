#!/usr/bin/env bash
# Job-throughput benchmark (issue 9): the streaming job of a PeerWatch checkout, run from outside
# with that checkout's own launcher (`<repo>/peerwatch run ...`), against one local KRaft broker,
# compared with Kafka's own ConsumerPerformance reading the same topics in the same run; then
# alert latency on a paced flow stream. See bench/job/README.md for the method.
#
# Usage: bench/job/job-throughput.sh [options]
#   --repo DIR            checkout whose job is measured (default: the tree this script is in);
#                         the driver, broker and data generator always come from this script's tree.
#                         Repeat it to compare checkouts in one run (same broker, same record sets):
#                         each run measures every checkout on each input, in an order that alternates
#                         between runs, between the same ConsumerPerformance runs
#   --inputs LIST         inputs to measure, default flows,proxy,packets
#   --flows N             flow records (default 3000000), --proxy N (default 500000),
#   --packets N           packet events (default 300000)
#   --runs N              job runs per input (default 1); --perf-runs N ConsumerPerformance runs per
#                         job run (default 2: one before, one after the job)
#   --latency-seconds S   measured part of the latency phase (default 120; 0 = no latency phase)
#   --latency-rate R      flow records/s in the latency phase (default 2000)
#   --window D            the job's --window in the latency phase (default 10s)
#   --latency-batch-bytes B  producer batch.size in the latency phase (default 16384, Kafka's default;
#                         the sensors' 512 KiB makes the sticky partitioner stay seconds on one partition
#                         at low rates, which holds the job's watermark back)
#   --wait-quiet S        first wait up to S seconds for the 1-min load average to drop below 1.0
#                         (default 0; the machine may be shared)
#   --job-timeout S       limit per throughput job run (default 600)
#   --out FILE            results file (default bench/results/job-throughput-<UTC date>.md, appended)
# env: PEERWATCH_SHARED (default <this tree>/../shared), KEEP_WORK=1 keeps the temp directory.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REPOS=()
INPUTS="flows,proxy,packets"
FLOWS=3000000; PROXY=500000; PACKETS=300000
RUNS=1; PERF_RUNS=2
LAT_SECONDS=120; LAT_RATE=2000; WINDOW=10s; LAT_BATCH=16384; WAIT_QUIET=0
JOB_TIMEOUT=600
OUT=""
CMDLINE="bench/job/job-throughput.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --repo) REPOS+=("$(cd "$2" && pwd)"); shift 2 ;;
    --inputs) INPUTS="$2"; shift 2 ;;
    --flows) FLOWS="$2"; shift 2 ;;
    --proxy) PROXY="$2"; shift 2 ;;
    --packets) PACKETS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --perf-runs) PERF_RUNS="$2"; shift 2 ;;
    --latency-seconds) LAT_SECONDS="$2"; shift 2 ;;
    --latency-rate) LAT_RATE="$2"; shift 2 ;;
    --window) WINDOW="$2"; shift 2 ;;
    --latency-batch-bytes) LAT_BATCH="$2"; shift 2 ;;
    --wait-quiet) WAIT_QUIET="$2"; shift 2 ;;
    --job-timeout) JOB_TIMEOUT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
LAB="${PEERWATCH_SHARED:-$BENCH/../shared}/corpus/lab"
[ -d "$LAB" ] || { echo "no corpus at $LAB (set PEERWATCH_SHARED)" >&2; exit 1; }
[ ${#REPOS[@]} -gt 0 ] || REPOS=("$BENCH")
for REPO in "${REPOS[@]}"; do
  [ -x "$REPO/peerwatch" ] || { echo "$REPO has no peerwatch launcher" >&2; exit 1; }
done
OUT="${OUT:-$BENCH/bench/results/job-throughput-$(date -u +%Y-%m-%d).md}"
mkdir -p "$(dirname "$OUT")"
SIM_FLOWS=120; SIM_PROXY=120; SIM_PACKETS=5      # simulated minutes of event time per input
HOST_SETS_FLOWS=2000; HOST_SETS_PROXY=2000; HOST_SETS_PACKETS=0

WORK="$(mktemp -d /tmp/pw-jobbench.XXXXXX)"
BROKER_PID=""
cleanup() {
  exec 3>&- 2>/dev/null || true   # the broker exits when its stdin (this fifo) closes
  if [ -f "$WORK/job-pids" ]; then  # job processes a killed driver may have left behind
    while read -r p; do
      if grep -qa "bench-job-" "/proc/$p/cmdline" 2>/dev/null; then kill -TERM "$p" 2>/dev/null || true; fi
    done < "$WORK/job-pids"
  fi
  if [ -n "$BROKER_PID" ]; then
    for _ in $(seq 1 150); do kill -0 "$BROKER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$BROKER_PID" 2>/dev/null && { echo "broker pid $BROKER_PID still running, SIGKILL" >&2; kill -KILL "$BROKER_PID" 2>/dev/null || true; }
  fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# --- build: the driver from this tree; the job under test through its own launcher (outside any timing)
log "building the benchmark driver in $BENCH (mvn -pl bench -am package)"
if ! (cd "$BENCH" && mvn -B -q -DskipTests package -pl bench -am) > "$WORK/build-bench.log" 2>&1; then
  tail -40 "$WORK/build-bench.log" >&2; echo "bench build failed" >&2; exit 1
fi
CP="$BENCH/bench/target/classes:$(cat "$BENCH/bench/target/bench-classpath.txt")"
for REPO in "${REPOS[@]}"; do
  log "preparing the job under test: $REPO/peerwatch run --help (builds the checkout if its launcher finds it stale)"
  if ! "$REPO/peerwatch" run --help > "$WORK/launcher-help.txt" 2>&1; then
    tail -40 "$WORK/launcher-help.txt" >&2; echo "the launcher of $REPO failed" >&2; exit 1
  fi
done

# --- machine and load
load() { echo "$(cut -d' ' -f1-3 /proc/loadavg) (CPU pressure avg10 $(sed -n 's/^some avg10=\([0-9.]*\).*/\1/p' /proc/pressure/cpu 2>/dev/null)%)"; }
if [ "$WAIT_QUIET" -gt 0 ]; then
  log "waiting up to ${WAIT_QUIET}s for the 1-min load average to drop below 1.0 (now $(load))"
  end=$((SECONDS + WAIT_QUIET))
  while [ $SECONDS -lt $end ] && awk '{exit !($1 >= 1.0)}' /proc/loadavg; do sleep 5; done
fi
LOAD_BEFORE="$(load)"
STARTED="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
CPU_MODEL="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
MEM="$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
JAVA_VERSION="$(java -version 2>&1 | head -2 | tr '\n' ' ')"
rev() { git -C "$1" rev-parse --short HEAD 2>/dev/null || echo unknown; }
dirty() { [ -z "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ] || echo " (uncommitted changes)"; }
# Before anything is written (the results file may be a tracked file of one of these trees).
# A job's label: its checkout's directory name and revision.
LABELS=(); REPO_REVS=""
for REPO in "${REPOS[@]}"; do
  LABELS+=("$(basename "$REPO")@$(rev "$REPO")")
  REPO_REVS="$REPO_REVS${REPO_REVS:+, }$(basename "$REPO") @ $(rev "$REPO")$(dirty "$REPO")"
done
BENCH_REV="$(rev "$BENCH")$(dirty "$BENCH")"

# --- broker: kafka-local's KRaft broker in its own JVM on 127.0.0.1; it stops when fd 3 closes
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
BPORT=$(free_port); CPORT=$(free_port)
mkdir -p "$WORK/kafka"
cat > "$WORK/kafka/log4j2.properties" <<EOF
status = error
appender.file.type = File
appender.file.name = file
appender.file.fileName = $WORK/kafka/broker.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{ISO8601} %-5p [%c{1}] %m%n
rootLogger.level = warn
rootLogger.appenderRef.file.ref = file
EOF
mkfifo "$WORK/broker.in"
java -Xms1g -Xmx1g -Djava.awt.headless=true -Dlog4j2.configurationFile="$WORK/kafka/log4j2.properties" \
  -Dkafka.logs.dir="$WORK/kafka" -cp "$CP" io.peerwatch.kafka.LocalKafkaBroker "$WORK/kafka" "$BPORT" "$CPORT" \
  < "$WORK/broker.in" > "$WORK/broker.out" 2> "$WORK/broker.err" &
BROKER_PID=$!
exec 3> "$WORK/broker.in"
for _ in $(seq 1 450); do grep -q READY "$WORK/broker.out" 2>/dev/null && break; kill -0 $BROKER_PID 2>/dev/null || break; sleep 0.2; done
grep -q READY "$WORK/broker.out" || { echo "broker did not start:" >&2; tail -20 "$WORK/broker.err" "$WORK/kafka/broker.log" >&2; exit 1; }
BOOTSTRAP="127.0.0.1:$BPORT"
log "broker $BOOTSTRAP (pid $BROKER_PID), work directory $WORK"

RAW="$WORK/results.txt"; : > "$RAW"
step() {  # step NAME TIMEOUT_S ARGS... : one driver JVM, RESULT/FAILED lines to $RAW; false when it failed
  local name=$1 limit=$2; shift 2
  local rc=0
  timeout --kill-after=30 "$limit" java -Xms1g -Xmx2g -Dlog4j2.configurationFile="$WORK/log4j2-driver.properties" \
    -Dbench.pids="$WORK/job-pids" -cp "$CP" io.peerwatch.bench.job.JobBench "$name" "$@" \
    > "$WORK/step.out" 2>> "$WORK/driver.err" || rc=$?
  cat "$WORK/step.out" >> "$RAW"
  grep -E '^(RESULT|FAILED)' "$WORK/step.out" >&2 || true
  if [ $rc -ne 0 ]; then
    grep -q '^FAILED' "$WORK/step.out" || echo "FAILED phase=$name reason=driver exit code $rc (timeout ${limit}s?)" | tee -a "$RAW" >&2
    return 1
  fi
}
cat > "$WORK/log4j2-driver.properties" <<'EOF'
status = error
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %-5p [%c{1}] %m%n
rootLogger.level = warn
rootLogger.appenderRef.console.ref = console
EOF
TOPICS=(--flows-topic bench.in.flows --proxy-topic bench.in.proxy --packets-topic bench.in.packets)
COMMON=(--bootstrap "$BOOTSTRAP" --work "$WORK" "${TOPICS[@]}" --checkpoint-interval 1s --parallelism 2)
# job_order RUN: indexes of REPOS in the order run RUN measures them (reversed every other run)
job_order() {
  local n=${#REPOS[@]} i
  if [ $(( $1 % 2 )) -eq 1 ]; then for ((i = 0; i < n; i++)); do echo $i; done
  else for ((i = n - 1; i >= 0; i--)); do echo $i; done; fi
}

# --- data: fixed record sets, written once
IFS=',' read -r -a INPUT_LIST <<< "$INPUTS"
for input in "${INPUT_LIST[@]}"; do
  case "$input" in
    flows) n=$FLOWS; sim=$SIM_FLOWS; hs=$HOST_SETS_FLOWS ;;
    proxy) n=$PROXY; sim=$SIM_PROXY; hs=$HOST_SETS_PROXY ;;
    packets) n=$PACKETS; sim=$SIM_PACKETS; hs=$HOST_SETS_PACKETS ;;
    *) echo "unknown input $input" >&2; exit 2 ;;
  esac
  log "writing $n $input records into bench.in.$input"
  step generate 600 --bootstrap "$BOOTSTRAP" --corpus "$LAB" --input "$input" --topic "bench.in.$input" \
    --records "$n" --sim-minutes "$sim" --host-sets "$hs" || exit 1
done

# --- throughput: ConsumerPerformance and the job on each topic
for run in $(seq 1 "$RUNS"); do
  for input in "${INPUT_LIST[@]}"; do
    half=$(( (PERF_RUNS + 1) / 2 ))
    for p in $(seq 1 "$half"); do
      log "ConsumerPerformance on bench.in.$input (run $run.$p)"
      step consumer-perf 400 --bootstrap "$BOOTSTRAP" --input "$input" --topic "bench.in.$input" \
        --run "$run.$p" --work "$WORK" || true
    done
    for j in $(job_order "$run"); do
      log "job ${LABELS[$j]} on $input (run $run)"
      step throughput $((JOB_TIMEOUT + 180)) "${COMMON[@]}" --repo "${REPOS[$j]}" --label "${LABELS[$j]}" \
        --input "$input" --run "$run" --timeout-s "$JOB_TIMEOUT" || true
    done
    for p in $(seq $((half + 1)) "$PERF_RUNS"); do
      log "ConsumerPerformance on bench.in.$input (run $run.$p)"
      step consumer-perf 400 --bootstrap "$BOOTSTRAP" --input "$input" --topic "bench.in.$input" \
        --run "$run.$p" --work "$WORK" || true
    done
  done
done

# --- latency on a paced flow stream
if [ "$LAT_SECONDS" -gt 0 ]; then
  for j in $(job_order 1); do
    log "latency of ${LABELS[$j]}: $LAT_RATE flow records/s, --window $WINDOW, $LAT_SECONDS s measured"
    step latency $((LAT_SECONDS + 600)) "${COMMON[@]}" --repo "${REPOS[$j]}" --label "${LABELS[$j]}" --corpus "$LAB" \
      --rate "$LAT_RATE" --warmup-s 20 --measure-s "$LAT_SECONDS" --tail-s 20 --window "$WINDOW" \
      --batch-bytes "$LAT_BATCH" --timeout-s 180 || true
  done
fi
LOAD_AFTER="$(load)"
FINISHED="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

# --- results
java -cp "$CP" io.peerwatch.bench.job.JobBench report --raw "$RAW" > "$WORK/report.md" 2>> "$WORK/driver.err" \
  || echo "(report failed: see the raw results)" > "$WORK/report.md"
{
  echo
  echo "## $STARTED job throughput: $REPO_REVS"
  echo
  echo "- command: \`$CMDLINE\` (from $BENCH @ $BENCH_REV)"
  echo "- jobs under test: $(for R in "${REPOS[@]}"; do printf '\`%s/peerwatch run\` ' "$R"; done)(embedded MiniCluster, launcher's JVM options${PEERWATCH_JAVA_OPTS:+, PEERWATCH_JAVA_OPTS=$PEERWATCH_JAVA_OPTS}), --parallelism 2, --checkpoint-interval 1s, default (hashmap) state"
  echo "- broker: kafka-local KRaft broker, 1 GiB heap, 127.0.0.1, input topics 2 partitions"
  echo "- machine: $(nproc) cores, $CPU_MODEL, $MEM RAM, $JAVA_VERSION"
  echo "- load average (1/5/15 min): before $LOAD_BEFORE, after $LOAD_AFTER; finished $FINISHED. Per step below: 1-min load / CPU pressure (PSI some avg10, % of time runnable tasks waited for a CPU) at its start and end"
  echo
  grep -v '^RESULT' "$WORK/report.md"
  echo
  echo "<details><summary>raw results</summary>"
  echo
  echo '```'
  grep -E '^(RESULT|FAILED|JOBCMD)' "$RAW"
  echo '```'
  echo
  echo "</details>"
} | tee -a "$OUT"
log "results appended to $OUT"
