#!/bin/bash
# "jobmanager" / "taskmanager" as the official image's entrypoint: FLINK_PROPERTIES (one
# "key: value" a line) becomes conf/config.yaml; memory options come from Flink's BashJavaUtils,
# as Flink's own scripts get them. Anything else is run as a command.
set -euo pipefail
conf=$FLINK_CONF_DIR
source /opt/flink/bin/flink --options-only
resource_params() {
  java -Xmx128m "${OPENS[@]}" -Dlog4j.configurationFile=file:$conf/log4j-console.properties -cp "/opt/flink/lib/*" \
    org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$conf" \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}
run() {
  local main=$1 params jvm dyn
  printf '%s\n' "${FLINK_PROPERTIES:-}" >"$conf/config.yaml"
  params=$(resource_params "$2")
  jvm=$(sed -n 1p <<<"$params")
  dyn=$(sed -n 2p <<<"$params")
  [ -n "$jvm" ] || { echo "BashJavaUtils $2 gave no result" >&2; exit 1; }
  # shellcheck disable=SC2086 # word lists by design
  exec java $jvm "${OPENS[@]}" -Dlog4j.configurationFile=file:$conf/log4j-console.properties -cp "/opt/flink/lib/*" \
    "$main" --configDir "$conf" $dyn
}
case "${1:-}" in
  jobmanager) run org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS ;;
  taskmanager) run org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS ;;
  *) exec "$@" ;;
esac
