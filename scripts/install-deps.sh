#!/usr/bin/env bash
# Installs what PeerWatch needs, idempotently: a JDK 17 and Maven (to build and run), and for the
# tests also the Debian packages listed in scripts/debian-packages.txt. Needs root (or sudo) only
# when something is missing. Usage: scripts/install-deps.sh [--quiet] [--runtime]
#   --runtime  only what building and running need (./peerwatch uses this; the tests' packages
#              are installed by ./peerwatch test)
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
QUIET=""
RUNTIME=""
for a in "$@"; do
  case "$a" in
    --quiet) QUIET=--quiet ;;
    --runtime) RUNTIME=1 ;;
    *) echo "install-deps: unknown argument $a" >&2; exit 2 ;;
  esac
done

say() { [ "$QUIET" = "--quiet" ] || echo "install-deps: $*" >&2; }

want=()
command -v java >/dev/null 2>&1 || want+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || want+=(maven)
[ -n "$RUNTIME" ] || while read -r pkg _; do
  case "$pkg" in ''|\#*) continue ;; esac
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || want+=("$pkg")
done < "$DIR/debian-packages.txt"

if [ ${#want[@]} -eq 0 ]; then
  say "everything needed is installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root (or sudo) to install: ${want[*]}" >&2; exit 1; }
  SUDO=sudo
fi
echo "install-deps: installing ${want[*]} ..." >&2
# tshark asks whether non-root users may capture; answer no without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections 2>/dev/null || true
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
say "installed ${want[*]}"
