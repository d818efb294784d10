#!/usr/bin/env bash
# NetFlow collector benchmark (issue 5): PeerWatch's collector (`peerwatch sensor netflow`, writing
# every flow to a real local Kafka broker) against nfcapd, in the same run, on loopback, with the
# same sender, rates and replay files as ../shared/bench/netflow (README.md there; nfcapd measured
# the way its run1.sh does).
#
# Per rate and repeat:
#   nfcapd:    fresh nfcapd -B 4194304 on 127.0.0.1, sender, 1.5 s drain, SIGTERM, nfdump -I counts
#              the stored flows.
#   collector: fresh `peerwatch sensor netflow --receive-buffer 4194304`, WARMUP seconds of the same
#              stream at 10,000 datagrams/s first (a JVM compiles its hot code in the first seconds;
#              a collector runs for months), then the measured send, 1.5 s drain, SIGTERM (the
#              collector flushes its producer), and `TopicCount --flows` counts the flows in its
#              topic (the collector writes the flows of a datagram as one record).
#   Zero loss = kernel UDP RcvbufErrors delta 0 during the measured send AND every flow sent
#   stored (nfcapd's file / the Kafka topic, warm-up flows included in the expected count).
#   CPU % = the receiver's user+sys over the send's wall time (100 = one core); for the collector
#   also the broker's, which shares the same cores (issue 17: is the machine the limit?).
#
# Usage: bench/netflow/collector-vs-nfcapd.sh [RATES] [REPEATS]
#   RATES    datagrams/s, default "10000 20000 40000 60000 80000"; 8 s of traffic each
#   REPEATS  runs per rate and tool, default 1
#   env VERSIONS="v9 v10" (default v9), WARMUP=seconds (default 20: C2 is still compiling the hot
#       paths after 3 s, a third of the CPU of the measured send; 0 = cold JVM),
#       COLLECTOR_OPTS="--workers 2 ..." extra collector options, PEERWATCH_JAVA_OPTS (JVM),
#       BASELINE=/path/to/another/checkout: its collector runs too, after this one's, at every
#       rate and repeat (tool "baseline"; an A/B of two versions in the same run). Its own
#       ./peerwatch builds it; it gets no COLLECTOR_OPTS (an older collector may lack them).
# Output: RESULT lines, then a table; both appended to bench/results/netflow-collector-vs-nfcapd.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED="${PEERWATCH_SHARED:-$ROOT/../shared}"
NB="$SHARED/bench/netflow"
CORPUS="$SHARED/corpus/lab/netflow"
DATA="$ROOT/bench/data/netflow"
RESULTS="$ROOT/bench/results/netflow-collector-vs-nfcapd.md"
RATES="${1:-10000 20000 40000 60000 80000}"
REPEATS="${2:-1}"
VERSIONS="${VERSIONS:-v9}"
WARMUP="${WARMUP:-20}"
BUF=4194304
SECONDS_PER_RATE=8
mkdir -p "$DATA" "$(dirname "$RESULTS")"

for tool in nfcapd nfdump gcc python3 java; do
  command -v "$tool" >/dev/null || { echo "missing $tool (nfdump: apt-get install nfdump)" >&2; exit 1; }
done
[ -x "$DATA/sender" ] || gcc -O2 -Wall -o "$DATA/sender" "$NB/sender.c"
for v in $VERSIONS; do
  [ -f "$DATA/$v-asis.bin" ] || python3 "$NB/prep.py" "$CORPUS/export-netflow-$v-s1.pcap" asis "$DATA/$v-asis.bin" >/dev/null
done
"$ROOT/peerwatch" --version >/dev/null   # builds the project if needed, outside the timing
if [ -n "${BASELINE:-}" ]; then "$BASELINE/peerwatch" --version >/dev/null; fi
CP="$ROOT/bench/target/classes:$ROOT/peerwatch-cli/target/classes:$(cat "$ROOT/peerwatch-cli/target/cli-classpath.txt")"
[ -f "$ROOT/bench/target/classes/io/peerwatch/bench/TopicCount.class" ] \
  || (cd "$ROOT" && mvn -q -B -DskipTests -pl bench -am compile)

WORK="$(mktemp -d /tmp/pw-nfbench.XXXXXX)"
track() { echo "$1" >> "$WORK/pids"; }   # every process we start, so cleanup can end exactly those
cleanup() {
  if [ -f "$WORK/pids" ]; then
    while read -r p; do kill -TERM "$p" 2>/dev/null || true; done < "$WORK/pids"
    sleep 1
    while read -r p; do kill -KILL "$p" 2>/dev/null || true; done < "$WORK/pids"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- a real broker on 127.0.0.1 (kafka-local's child-JVM entry point; stops when its stdin closes)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
BPORT=$(free_port); CPORT=$(free_port)
mkdir -p "$WORK/kafka"; mkfifo "$WORK/broker.in"
sleep 100000 > "$WORK/broker.in" & track $!
java -Xms256m -Xmx1g -cp "$CP" io.peerwatch.kafka.LocalKafkaBroker "$WORK/kafka" "$BPORT" "$CPORT" \
  < "$WORK/broker.in" > "$WORK/broker.out" 2> "$WORK/broker.err" &
BROKER_PID=$!; track $BROKER_PID
for _ in $(seq 1 600); do grep -q READY "$WORK/broker.out" 2>/dev/null && break; sleep 0.2; done
grep -q READY "$WORK/broker.out" || { echo "broker did not start:"; tail -20 "$WORK/broker.err"; exit 1; }
BOOTSTRAP="127.0.0.1:$BPORT"

udp() { awk '/^Udp:/{if(!h){for(i=1;i<=NF;i++)k[i]=$i;h=1}else{for(i=1;i<=NF;i++)if(k[i]==f)print $i}}' f="$1" /proc/net/snmp; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
stop_pid() {  # SIGTERM, bounded wait, then SIGKILL
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 1 300); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
  echo "pid $1 did not exit after 60 s, killing" >&2; kill -KILL "$1" 2>/dev/null || true
}

nfcapd_run() {  # VER RATE -> RESULT line (run1.sh method)
  local v=$1 r=$2 n=$(( $2 * SECONDS_PER_RATE )) port d np u0 u1 c0 c1 s st flows exp el
  port=$(free_port); d=$(mktemp -d "$WORK/nfcapd.XXXX")
  nfcapd -w "$d" -p "$port" -b 127.0.0.1 -B "$BUF" -t 3600 > "$d/nfcapd.log" 2>&1 & np=$!; track $np
  sleep 0.7
  u0=$(udp RcvbufErrors); c0=$(ticks $np)
  s=$(IPFIX_SEQ_FLOWS_ONLY=1 timeout 20 "$DATA/sender" "$DATA/$v-asis.bin" "$port" "$r" "$n" 12 asis)
  c1=$(ticks $np); sleep 1.5; u1=$(udp RcvbufErrors)
  stop_pid $np; wait $np 2>/dev/null || true
  st=$(nfdump -r "$(ls "$d"/nfcapd.2* | head -1)" -I 2>/dev/null)
  flows=$(awk '/^Flows:/{print $2}' <<<"$st"); exp=$(field flow_records "$s"); el=$(field elapsed_s "$s")
  echo "RESULT tool=nfcapd ver=$v rate=$r achieved_dps=$(field achieved_dps "$s") sent_flows=$exp stored_flows=$flows" \
       "lost_flows=$((exp - flows)) RcvbufErrors=$((u1 - u0)) cpu_pct=$(awk -v a=$c0 -v b=$c1 -v e=$el 'BEGIN{printf "%.0f",(b-a)/e}')"
  rm -rf "$d"
}

collector_run() {  # VER RATE [CHECKOUT TOOL OPTS] -> RESULT line
  local v=$1 r=$2 n=$(( $2 * SECONDS_PER_RATE )) home=${3:-$ROOT} tool=${4:-collector} opts=${5-${COLLECTOR_OPTS:-}} port topic log pid u0 u1 uw c0 c1 b0 b1 s w wflows=0 exp el stored
  port=$(free_port); topic="bench-$v-$r-$RANDOM"; log="$WORK/collector-$topic.log"
  # shellcheck disable=SC2086
  "$home/peerwatch" sensor netflow --listen "127.0.0.1:$port" --bootstrap "$BOOTSTRAP" --topic "$topic" \
    --deadletter-topic "$topic-dead" --receive-buffer "$BUF" --stats-interval 1h $opts 2> "$log" & pid=$!
  track $pid
  for _ in $(seq 1 300); do grep -q listening "$log" && break; sleep 0.1; done
  grep -q listening "$log" || { echo "collector did not start:"; cat "$log"; return 1; }
  # ./peerwatch runs Java as its child: the CPU is the child's
  local jpid; jpid=$(pgrep -P "$pid" -x java || echo "$pid")
  uw=$(udp RcvbufErrors)
  if [ "$WARMUP" -gt 0 ]; then
    w=$(IPFIX_SEQ_FLOWS_ONLY=1 timeout 30 "$DATA/sender" "$DATA/$v-asis.bin" "$port" 10000 $(( WARMUP * 10000 )) 20 asis)
    wflows=$(field flow_records "$w"); sleep 1
  fi
  u0=$(udp RcvbufErrors); c0=$(ticks "$jpid"); b0=$(ticks "$BROKER_PID")
  s=$(IPFIX_SEQ_FLOWS_ONLY=1 timeout 20 "$DATA/sender" "$DATA/$v-asis.bin" "$port" "$r" "$n" 12 asis)
  c1=$(ticks "$jpid"); b1=$(ticks "$BROKER_PID"); sleep 1.5; u1=$(udp RcvbufErrors)
  stop_pid $pid; wait $pid 2>/dev/null || true
  stored=$(java -cp "$CP" -Dlog4j2.configurationFile=log4j2-cli.properties io.peerwatch.bench.TopicCount "$BOOTSTRAP" "$topic" --flows)
  exp=$(( $(field flow_records "$s") + wflows )); el=$(field elapsed_s "$s")
  echo "RESULT tool=$tool ver=$v rate=$r achieved_dps=$(field achieved_dps "$s") sent_flows=$exp stored_flows=$stored" \
       "lost_flows=$((exp - stored)) RcvbufErrors=$((u1 - u0)) warmup_RcvbufErrors=$((u0 - uw))" \
       "cpu_pct=$(awk -v a=$c0 -v b=$c1 -v e=$el 'BEGIN{printf "%.0f",(b-a)/e}')" \
       "broker_cpu_pct=$(awk -v a=$b0 -v b=$b1 -v e=$el 'BEGIN{printf "%.0f",(b-a)/e}')"
}

{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) versions=$VERSIONS rates=$RATES repeats=$REPEATS warmup=${WARMUP}s buf=$BUF"
  echo "collector: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?') ${COLLECTOR_OPTS:-}${BASELINE:+; baseline: $BASELINE at $(git -C "$BASELINE" rev-parse --short HEAD 2>/dev/null || echo '?')}"
  echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), nfcapd $(dpkg-query -W -f='${Version}' nfdump 2>/dev/null)"
} | tee -a "$RESULTS"
ALL="$WORK/results.txt"
for v in $VERSIONS; do
  for r in $RATES; do
    for _ in $(seq 1 "$REPEATS"); do
      nfcapd_run "$v" "$r" | tee -a "$ALL" "$RESULTS"
      collector_run "$v" "$r" | tee -a "$ALL" "$RESULTS"
      if [ -n "${BASELINE:-}" ]; then collector_run "$v" "$r" "$BASELINE" baseline "" | tee -a "$ALL" "$RESULTS"; fi
    done
  done
done

# Table: per tool, version and rate, lossless runs and worst loss; the highest rate lossless in every run.
{
  echo
  echo "| tool | version | datagrams/s | flows/s | lossless runs | max lost flows | max RcvbufErrors | CPU % (min-max) | broker CPU % (min-max) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  awk '/^RESULT/{for(i=2;i<=NF;i++){split($i,kv,"=");f[kv[1]]=kv[2]}
       k=f["tool"]" "f["ver"]" "f["rate"]; n[k]++; ok[k]+=(f["lost_flows"]==0&&f["RcvbufErrors"]==0);
       if(f["lost_flows"]+0>lost[k]+0)lost[k]=f["lost_flows"]; if(f["RcvbufErrors"]+0>rb[k]+0)rb[k]=f["RcvbufErrors"];
       fps[k]=f["rate"]*97/10; c=f["cpu_pct"]+0; if(!(k in lo)||c<lo[k])lo[k]=c; if(!(k in hi)||c>hi[k])hi[k]=c;
       if("broker_cpu_pct" in f){bc=f["broker_cpu_pct"]+0; if(!(k in blo)||bc<blo[k])blo[k]=bc; if(!(k in bhi)||bc>bhi[k])bhi[k]=bc}
       delete f;
       if(!(k in seen)){seen[k]=1; keys[++m]=k}}
       END{for(i=1;i<=m;i++){k=keys[i]; split(k,p," ");
           printf "| %s | %s | %d | %d | %d/%d | %d | %d | %d-%d | %s |\n", p[1], p[2], p[3], fps[k], ok[k], n[k], lost[k]+0, rb[k]+0, lo[k], hi[k],
                  (k in blo) ? blo[k] "-" bhi[k] : "-"}}' "$ALL"
  echo
  # highest rate R with every run at every rate up to R lossless
  awk '/^RESULT/{for(i=2;i<=NF;i++){split($i,kv,"=");f[kv[1]]=kv[2]}
       t=f["tool"]" "f["ver"]; r=f["rate"]+0; if(!(t in tools)){tools[t]=1; order[++m]=t}
       if(!((t,r) in seen)){seen[t,r]=1; n[t]++; rates[t,n[t]]=r}
       if(f["lost_flows"]!=0||f["RcvbufErrors"]!=0) bad[t,r]=1}
       END{for(i=1;i<=m;i++){t=order[i]; best=0; k=n[t];
             for(a=1;a<=k;a++)for(b=a+1;b<=k;b++)if(rates[t,b]<rates[t,a]){x=rates[t,a];rates[t,a]=rates[t,b];rates[t,b]=x}
             for(a=1;a<=k;a++){if((t,rates[t,a]) in bad)break; best=rates[t,a]}
             printf "highest rate with every run up to it lossless: %s: %d datagrams/s\n", t, best}}' "$ALL"
} | tee -a "$RESULTS"
kill -TERM "$BROKER_PID" 2>/dev/null || true
