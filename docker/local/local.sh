#!/usr/bin/env bash
# The docker/ stack on a machine with no image registry: a private Docker daemon and locally
# built stand-ins for the official images (a debootstrap'd Debian root with Debian's JRE, then
# the project's jars: Kafka from kafka-local's class path, Flink from flink-cluster's).
#
#   docker/local/local.sh up WORK     install docker.io, docker-compose, debootstrap if missing;
#                                     start a private dockerd under WORK; build the local images;
#                                     write WORK/env (DOCKER_HOST and the compose image variables)
#   docker/local/local.sh down WORK   stop that dockerd (by its pid) and remove WORK
#
# The daemon is private: its own --data-root, --exec-root, --pidfile and socket under WORK, no
# bridge and no iptables rules (every service runs with network_mode: host on 127.0.0.1). The
# debootstrap root is cached outside the repository (PEERWATCH_DOCKER_CACHE, default
# /var/cache/peerwatch-docker) and reused. Needs root. The project must be built first
# (mvn -B -DskipTests package, or the reactor of the test that calls this).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${PEERWATCH_DOCKER_CACHE:-/var/cache/peerwatch-docker}"
SUITE=bookworm
MIRROR="${PEERWATCH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# What the base image holds besides a minimal Debian: the JRE of every image, libpcap for the
# packet sensor (pcap4j loads it through JNA).
BASE_PACKAGES=openjdk-17-jre-headless,libpcap0.8
BASE_IMAGE=peerwatch-local/debian-jre:17
KAFKA_LOCAL_IMAGE=peerwatch-local/kafka:4.2.0
FLINK_LOCAL_IMAGE=peerwatch-local/flink:2.2.1-java17
# Longest wait for the daemon to answer after it was started.
DAEMON_START_SECONDS=60

say() { echo "docker/local: $*" >&2; }

install_deps() {
  local want=()
  for p in docker.io docker-compose debootstrap; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || want+=("$p")
  done
  if [ ${#want[@]} -gt 0 ]; then
    say "installing ${want[*]} ..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
  fi
}

# Debian's client (20.10) matches Debian's daemon; another docker on PATH may be newer.
docker_cli() { /usr/bin/docker "$@"; }

start_daemon() {
  local work=$1
  mkdir -p "$work/data" "$work/exec"
  if [ -f "$work/dockerd.pid" ] && kill -0 "$(cat "$work/dockerd.pid")" 2>/dev/null; then
    say "dockerd already running (pid $(cat "$work/dockerd.pid"))"
    return
  fi
  say "starting a private dockerd under $work"
  # setsid: the daemon outlives this script; it is stopped by 'down' through its pid file.
  setsid /usr/sbin/dockerd --data-root "$work/data" --exec-root "$work/exec" --pidfile "$work/dockerd.pid" \
    -H "unix://$work/docker.sock" --bridge=none --iptables=false --ip6tables=false --ip-forward=false \
    --ip-masq=false --userland-proxy=false >"$work/dockerd.log" 2>&1 </dev/null &
  local i
  for ((i = 0; i < DAEMON_START_SECONDS * 2; i++)); do
    if DOCKER_HOST="unix://$work/docker.sock" docker_cli version >/dev/null 2>&1; then
      return
    fi
    sleep 0.5 # polling the daemon's socket; the condition is its answer
  done
  say "dockerd did not answer within ${DAEMON_START_SECONDS} s:"
  tail -20 "$work/dockerd.log" >&2
  exit 1
}

# The debootstrap root as a tar, made once per package list and reused.
base_tar() {
  local tar="$CACHE/$SUITE-${BASE_PACKAGES//,/-}.tar"
  if [ ! -s "$tar" ]; then
    mkdir -p "$CACHE"
    local rootfs="$CACHE/rootfs.partial"
    rm -rf "$rootfs"
    say "debootstrap $SUITE with $BASE_PACKAGES into $CACHE (once) ..."
    debootstrap --variant=minbase --include="$BASE_PACKAGES" "$SUITE" "$rootfs" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
      || { tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -cf "$tar.partial" . && mv "$tar.partial" "$tar"
    rm -rf "$rootfs"
  fi
  echo "$tar"
}

# Copies the jars of a class path file (':'-separated) into a directory.
copy_classpath() {
  local cpfile=$1 dest=$2
  mkdir -p "$dest"
  tr ':' '\n' <"$cpfile" | while read -r jar || [ -n "$jar" ]; do
    [ -n "$jar" ] && cp -p "$jar" "$dest/"
  done
}

build_images() {
  local work=$1
  export DOCKER_HOST="unix://$work/docker.sock" DOCKER_BUILDKIT=0
  if ! docker_cli image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    docker_cli import "$(base_tar)" "$BASE_IMAGE" >/dev/null
  fi
  local ctx="$work/context"
  rm -rf "$ctx"
  local flink_cp="$ROOT/flink-cluster/target/classes/io/peerwatch/cluster/flink-classpath.txt"
  local kafka_cp="$ROOT/kafka-local/target/kafka-classpath.txt"
  for f in "$flink_cp" "$kafka_cp"; do
    [ -f "$f" ] || { say "$f is missing: build the project first (mvn -B -DskipTests package)"; exit 1; }
  done
  mkdir -p "$ctx/kafka" "$ctx/flink"
  copy_classpath "$kafka_cp" "$ctx/kafka/libs"
  cp "$ROOT"/docker/local/kafka/* "$ctx/kafka/"
  copy_classpath "$flink_cp" "$ctx/flink/lib"
  cp "$ROOT"/docker/local/flink/* "$ctx/flink/"
  say "building $KAFKA_LOCAL_IMAGE and $FLINK_LOCAL_IMAGE"
  docker_cli build -q --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$KAFKA_LOCAL_IMAGE" "$ctx/kafka" >/dev/null
  docker_cli build -q --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$FLINK_LOCAL_IMAGE" "$ctx/flink" >/dev/null
  rm -rf "$ctx"
}

case "${1:-}" in
  up)
    [ $# -eq 2 ] || { echo "usage: $0 up WORK" >&2; exit 2; }
    WORK=$(mkdir -p "$2" && cd "$2" && pwd)
    install_deps
    start_daemon "$WORK"
    build_images "$WORK"
    "$ROOT/docker/stage.sh" >/dev/null
    cat >"$WORK/env" <<EOF
DOCKER_HOST=unix://$WORK/docker.sock
DOCKER_BUILDKIT=0
COMPOSE_DOCKER_CLI_BUILD=0
KAFKA_IMAGE=$KAFKA_LOCAL_IMAGE
FLINK_IMAGE=$FLINK_LOCAL_IMAGE
JRE_IMAGE=$BASE_IMAGE
EOF
    say "ready: $WORK/env"
    ;;
  down)
    [ $# -eq 2 ] || { echo "usage: $0 down WORK" >&2; exit 2; }
    WORK=$2
    [ -d "$WORK" ] || exit 0
    if [ -f "$WORK/dockerd.pid" ]; then
      pid=$(cat "$WORK/dockerd.pid")
      if kill -0 "$pid" 2>/dev/null; then
        say "stopping dockerd (pid $pid)"
        kill "$pid"
        for ((i = 0; i < 120; i++)); do
          kill -0 "$pid" 2>/dev/null || break
          sleep 0.5 # waiting for that pid to exit
        done
        kill -0 "$pid" 2>/dev/null && { say "dockerd (pid $pid) still running after 60 s; killing it"; kill -9 "$pid"; }
      fi
    fi
    # The daemon unmounts its layers when it stops; anything a killed daemon left is unmounted here.
    grep -o " $WORK/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf "$WORK"
    ;;
  *)
    echo "usage: $0 up|down WORK" >&2
    exit 2
    ;;
esac
