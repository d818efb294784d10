#!/usr/bin/env bash
# Fills the build contexts of the project's images from the build's output (run
# "mvn -B -DskipTests package" first): docker/target/sensor (the CLI's jars) and
# docker/target/submitter (the job jar). docker-compose build reads them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/docker/target"
cp_file="$ROOT/peerwatch-cli/target/cli-classpath.txt"
cli_jars=("$ROOT"/peerwatch-cli/target/peerwatch-cli-*.jar)
job_jars=("$ROOT"/flink-job/target/flink-job-*-job.jar)
for f in "$cp_file" "${cli_jars[0]}" "${job_jars[0]}"; do
  [ -f "$f" ] || { echo "stage: $f is missing; build first: mvn -B -DskipTests package" >&2; exit 1; }
done
rm -rf "$OUT/sensor" "$OUT/submitter"
mkdir -p "$OUT/sensor/lib" "$OUT/submitter"
cp "$ROOT/docker/sensor/Dockerfile" "$OUT/sensor/"
cp -p "${cli_jars[0]}" "$OUT/sensor/lib/"
tr ':' '\n' <"$cp_file" | while read -r jar || [ -n "$jar" ]; do
  [ -n "$jar" ] && cp -p "$jar" "$OUT/sensor/lib/"
done
cp "$ROOT/docker/submitter/Dockerfile" "$ROOT/docker/submitter/submit.sh" "$OUT/submitter/"
cp -p "${job_jars[0]}" "$OUT/submitter/peerwatch-job.jar"
echo "$OUT"
