#!/bin/bash
# Waits until the JobManager's REST endpoint (FLINK_REST, HOST:PORT) answers, then submits the job
# jar detached with "flink run"; the arguments are the job's (--bootstrap, --config, ...). A job
# named peerwatch that already runs is left alone, so a restarted container does not submit twice.
set -euo pipefail
rest=${FLINK_REST:-127.0.0.1:8081}
wait_seconds=${SUBMIT_WAIT_SECONDS:-300}
flink=${FLINK_HOME:-/opt/flink}/bin/flink
deadline=$((SECONDS + wait_seconds))
until "$flink" list -m "$rest" >/dev/null 2>&1; do
  if [ $SECONDS -ge $deadline ]; then
    echo "submit: the JobManager at $rest did not answer within $wait_seconds s" >&2
    exit 1
  fi
  sleep 2 # polling the JobManager; its answer is the condition
done
if "$flink" list -r -m "$rest" 2>/dev/null | grep -q ' : peerwatch (RUNNING)'; then
  echo "submit: the peerwatch job already runs on $rest"
  exit 0
fi
exec "$flink" run --detached -m "$rest" /opt/peerwatch/peerwatch-job.jar "$@"
