#!/usr/bin/env bash
# Writes the sample inputs of samples/ (described in samples/LABELS.md) with the project's own
# generator, io.peerwatch.cli.samples.SampleFiles: fixed times and seeds, so the files it writes
# equal the committed ones byte for byte (SamplesTest checks that). Run it after changing the
# generator, then update samples/LABELS.md if a command's result changed (SamplesITCase says so).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/peerwatch" --version >/dev/null  # builds the project when needed
CP="$ROOT/peerwatch-cli/target/classes:$(<"$ROOT/peerwatch-cli/target/cli-classpath.txt")"
exec java -cp "$CP" io.peerwatch.cli.samples.SampleFiles "$ROOT/samples"
