#!/usr/bin/env bash
# Protocols nDPI's ndpiReader (Debian's 4.2 is the reference of issue 10) finds in each capture
# given, one line per capture: "capture<TAB>protocol:flows ...". Flows nDPI only guessed (by port)
# are counted apart ("guessed N"). Usage: lab/ndpi-compare.sh lab/captures/*.pcap
set -euo pipefail
command -v ndpiReader >/dev/null || { echo "ndpiReader not installed (apt-get install ndpi-bin)" >&2; exit 1; }
for f in "$@"; do
  out=$(ndpiReader -i "$f" -v 1 2>/dev/null || true)
  protos=$(printf '%s\n' "$out" | awk '/^Detected protocols:/{on=1; next} on && NF==0 {on=0} on && /flows:/ {print $1":"$NF}' | tr '\n' ' ')
  guessed=$(printf '%s\n' "$out" | awk '/Guessed flow protos:/ {print $4}')
  printf '%s\t%s\tguessed %s\n' "$(basename "$f")" "${protos% }" "${guessed:-0}"
done
