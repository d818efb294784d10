#!/usr/bin/env bash
# The README's test command: install what the tests need (idempotently), then run every test
# (unit tests with Surefire, integration tests on a real Kafka broker and Flink MiniCluster
# with Failsafe). Extra arguments go to Maven, e.g. ./peerwatch test -pl p2p-signatures-lib
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/install-deps.sh"
cd "$ROOT"
exec mvn -B verify "$@"
