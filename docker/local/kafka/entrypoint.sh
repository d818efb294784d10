#!/bin/sh
# KAFKA_* variables -> server.properties (the official image's convention), format the storage
# once, run the broker in the foreground.
set -eu
conf=/opt/kafka/config/server.properties
mkdir -p /opt/kafka/config
: >"$conf"
env | grep '^KAFKA_' | while IFS='=' read -r name value; do
  case "$name" in KAFKA_HEAP_OPTS | KAFKA_OPTS) continue ;; esac
  key=$(echo "${name#KAFKA_}" | sed 's/___/-/g; s/__/@/g; s/_/./g; s/@/_/g' | tr 'A-Z' 'a-z')
  echo "$key=$value" >>"$conf"
done
cp="/opt/kafka/libs/*"
log="-Dlog4j2.configurationFile=file:/opt/kafka/log4j2.properties"
java -Xmx256m $log -cp "$cp" kafka.tools.StorageTool format --ignore-formatted -t "${CLUSTER_ID:?CLUSTER_ID is required}" -c "$conf"
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} ${KAFKA_OPTS:-} -Djava.awt.headless=true $log -cp "$cp" kafka.Kafka "$conf"
