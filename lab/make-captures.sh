#!/usr/bin/env bash
# PeerWatch lab: runs real Debian programs in network namespaces this script creates and records
# one small capture per tool variant into lab/captures/ (test vectors of the detection tests).
#
#   sudo lab/make-captures.sh            # every variant
#   sudo lab/make-captures.sh dns icmp   # only these groups: dns icmp bt benign dc tls proxy
#
# Network: namespaces pwl-sw (a bridge), pwl-cli (the host under watch, 198.18.100.10),
# pwl-res (recursive resolver, Debian unbound, 198.18.100.53), pwl-srv (tunnel servers, tracker,
# HTTPS/SSH servers, Direct Connect hub, 198.18.100.20), pwl-peer (BitTorrent seeder, Direct
# Connect uploader, web server behind the proxies, 198.18.100.30). Addresses from
# 198.18.0.0/15 (RFC 2544, never routed); no namespace has a default route; IPv6 off. The capture
# point is the client's interface (tcpdump -i eth0 -s 0 inside pwl-cli). Every process the script
# starts is recorded by pid and ended by that pid; the namespaces are deleted at exit.
# Payloads pushed through tunnels are random bytes; the programs and the resolver are real.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/captures"
WORK="${PWL_WORK:-/tmp/pwl-lab}"
NET=198.18.100
CLI=$NET.10 SRV=$NET.20 PEER=$NET.30 RES=$NET.53
NS=(pwl-sw pwl-cli pwl-res pwl-srv pwl-peer)
PIDS=()
SECRET=labsecret42

PACKAGES=(iodine dns2tcp ptunnel-ng unbound tcpdump socat iputils-ping fping busybox nmap transmission-cli aria2
  opentracker openssh-server openssh-client openssl curl dnsutils iproute2 python3 uhub ncdc tmux
  rtorrent qbittorrent-nox stunnel4 wget default-jre-headless shadowsocks-libev v2ray eiskaltdcpp-daemon)

install_packages() {
  # Lab-generation only (the tests read the committed captures): idempotent.
  local missing=()
  for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

log() { echo "lab: $*" >&2; }

# start NS CMD... : runs CMD in namespace NS in the background; its pid is recorded and left in LAST_PID.
start() {
  local ns=$1; shift
  ip netns exec "$ns" "$@" >>"$WORK/log/$ns.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

stop_pid() {
  local pid=$1
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}

stop_all() {
  local p
  for p in "${PIDS[@]}"; do stop_pid "$p"; done
  PIDS=()
}

cleanup() {
  stop_all
  rm -rf /etc/netns/pwl-cli
  for n in "${NS[@]}"; do ip netns del "$n" 2>/dev/null || true; done
}

setup_network() {
  cleanup
  for n in "${NS[@]}"; do ip netns add "$n"; done
  ip -n pwl-sw link add br0 type bridge
  ip -n pwl-sw link set br0 up
  local n addr
  for pair in cli:$CLI res:$RES srv:$SRV peer:$PEER; do
    n=${pair%%:*}; addr=${pair#*:}
    ip link add "pwl-$n-0" type veth peer name eth0 netns "pwl-$n"
    ip link set "pwl-$n-0" netns pwl-sw
    ip -n pwl-sw link set "pwl-$n-0" master br0 up
    ip netns exec "pwl-$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
    ip -n "pwl-$n" addr add "$addr/24" dev eth0
    ip -n "pwl-$n" link set eth0 up
    ip -n "pwl-$n" link set lo up
  done
  # ping and raw ICMP sockets for unprivileged ping in every namespace
  for n in cli srv peer; do ip netns exec "pwl-$n" sysctl -qw net.ipv4.ping_group_range="0 2147483647"; done
}

# capture NAME CMD... : records the client's interface while CMD runs, into $OUT/NAME.pcap.
capture() {
  local name=$1; shift
  local pcap="$OUT/$name.pcap"
  rm -f "$pcap"
  local tp
  start pwl-cli tcpdump -i eth0 -s 0 -U -w "$pcap" 'not arp'
  tp=$LAST_PID
  sleep 1
  local rc=0
  "$@" || rc=$?
  sleep 1
  stop_pid "$tp"
  log "$name: rc=$rc $(stat -c %s "$pcap") bytes"
  echo "$name,$rc,$(stat -c %s "$pcap")" >>"$WORK/results.csv"
}

# ---------------------------------------------------------------- the resolver (unbound)
start_resolver() {
  mkdir -p "$WORK/unbound"
  cat >"$WORK/unbound/unbound.conf" <<EOF
server:
  interface: $RES
  port: 53
  access-control: 198.18.0.0/15 allow
  do-ip6: no
  do-not-query-localhost: no
  qname-minimisation: no
  use-caps-for-id: no
  module-config: "iterator"
  username: ""
  chroot: ""
  directory: "$WORK/unbound"
  pidfile: "$WORK/unbound/unbound.pid"
  use-syslog: no
  logfile: ""
  verbosity: 1
  local-zone: "test." nodefault
  domain-insecure: "test."
  local-zone: "corp-example.test." static
$(for h in www mail intranet wiki git jira files vpn calendar chat; do echo "  local-data: \"$h.corp-example.test. A $SRV\""; done)
  local-zone: "static-cdn.test." static
$(for i in $(seq 1 24); do echo "  local-data: \"img$i.static-cdn.test. A $SRV\""; done)
  local-zone: "news-site.test." static
  local-data: "www.news-site.test. A $SRV"
  local-data: "news-site.test. TXT \"v=spf1 -all\""
  local-data: "news-site.test. MX 10 mail.news-site.test."
  local-data: "mail.news-site.test. A $SRV"
stub-zone:
  name: "tun-iodine.test."
  stub-addr: $SRV
stub-zone:
  name: "tun-dns2tcp.test."
  stub-addr: $SRV
EOF
  unbound-checkconf "$WORK/unbound/unbound.conf" >/dev/null
  start pwl-res unbound -d -c "$WORK/unbound/unbound.conf"
  sleep 1
}

# ---------------------------------------------------------------- payload sink on the server
start_sink() { # port address : one connection's bytes into $WORK/sink-PORT.bin
  rm -f "$WORK/sink-$1.bin"
  start pwl-srv socat -u "TCP-LISTEN:$1,bind=$2,reuseaddr" "CREATE:$WORK/sink-$1.bin"
}

push() { # namespace host port bytes [sink-port]: sends random bytes, waits until the sink has them all
  head -c "$4" /dev/urandom >"$WORK/payload.bin"
  ip netns exec "$1" timeout 120 socat -u "OPEN:$WORK/payload.bin" "TCP:$2:$3"
  local port=${5:-$3}
  for _ in $(seq 40); do
    [ "$(stat -c %s "$WORK/sink-$port.bin" 2>/dev/null || echo 0)" -ge "$4" ] && return 0
    sleep 0.25
  done
  log "only $(stat -c %s "$WORK/sink-$port.bin" 2>/dev/null || echo 0) of $4 bytes arrived"
  return 1
}

# ---------------------------------------------------------------- DNS tunnels
iodine_run() { # name nameserver type encoding(or -) extra-lookups(0/1)
  local name=$1 ns=$2 type=$3 enc=$4 mixed=$5
  local srvpid clipid
  start pwl-srv iodined -f -c -P "$SECRET" -l "$SRV" -p 53 10.99.0.1/27 t.tun-iodine.test
  srvpid=$LAST_PID
  sleep 1
  local args=(-f -r -P "$SECRET")
  [ "$type" != - ] && args+=(-T "$type")
  [ "$enc" != - ] && args+=(-O "$enc")
  iodine_body() {
    start pwl-cli iodine "${args[@]}" "$ns" t.tun-iodine.test
  clipid=$LAST_PID
    for _ in $(seq 60); do ip -n pwl-cli addr show dns0 2>/dev/null | grep -q 10.99.0 && break; sleep 0.5; done
    local sink
    start_sink 9000 10.99.0.1
  sink=$LAST_PID
    sleep 0.5
    if [ "$mixed" = 1 ]; then lookups 40 & local lk=$!; fi
    push pwl-cli 10.99.0.1 9000 40000
    [ "$mixed" = 1 ] && wait "$lk"
    stop_pid "$sink"; stop_pid "$clipid"
  }
  capture "$name" iodine_body
  stop_pid "$srvpid"
}

dns2tcp_run() { # name nameserver type
  local name=$1 ns=$2 type=$3
  mkdir -p "$WORK/dns2tcp"
  cat >"$WORK/dns2tcp/dns2tcpdrc" <<EOF
listen = $SRV
port = 53
user = root
chroot = $WORK/dns2tcp
domain = d.tun-dns2tcp.test
key = $SECRET
resources = sink:$SRV:9001
EOF
  local srvpid sink
  start pwl-srv dns2tcpd -F -d 1 -f "$WORK/dns2tcp/dns2tcpdrc"
  srvpid=$LAST_PID
  start_sink 9001 "$SRV"
  sink=$LAST_PID
  sleep 1
  dns2tcp_body() {
    local clipid
    start pwl-cli dns2tcpc -z d.tun-dns2tcp.test -k "$SECRET" -T "$type" -r sink -l 5002 "$ns"
  clipid=$LAST_PID
    sleep 2
    push pwl-cli 127.0.0.1 5002 30000 9001
    sleep 2
    stop_pid "$clipid"
  }
  capture "$name" dns2tcp_body
  stop_pid "$sink"; stop_pid "$srvpid"
}

lookups() { # n : ordinary lookups through the resolver (some NXDOMAIN), one dig per name
  local names=() i
  for h in www mail intranet wiki git jira files vpn calendar chat; do names+=("$h.corp-example.test"); done
  for i in $(seq 1 24); do names+=("img$i.static-cdn.test"); done
  names+=(www.news-site.test mail.news-site.test wwww.corp-example.test intarnet.corp-example.test)
  for i in $(seq 0 $(( $1 - 1 ))); do
    ip netns exec pwl-cli dig +tries=1 +time=2 +short @"$RES" "${names[$((i % ${#names[@]}))]}" A >/dev/null || true
  done
  ip netns exec pwl-cli dig +short @"$RES" news-site.test TXT >/dev/null || true
  ip netns exec pwl-cli dig +short @"$RES" news-site.test MX >/dev/null || true
}

run_dns() {
  start_resolver
  iodine_run dns-iodine-null-resolver "$RES" NULL - 0
  iodine_run dns-iodine-txt-base32-resolver "$RES" TXT Base32 0
  iodine_run dns-iodine-cname-base64-resolver "$RES" CNAME Base64 0
  iodine_run dns-iodine-mx-base128-resolver "$RES" MX Base128 0
  iodine_run dns-iodine-private-direct "$SRV" PRIVATE - 0
  iodine_run dns-iodine-srv-mixed-lookups "$RES" SRV - 1
  dns2tcp_run dns-dns2tcp-txt-resolver "$RES" TXT
  dns2tcp_run dns-dns2tcp-key-direct "$SRV" KEY
  capture benign-dns-resolver lookups 120
}

# ---------------------------------------------------------------- ICMP tunnels
ptunnel_run() { # name "server options" "client options"
  local name=$1 sopts=$2 copts=$3
  local srvpid sink
  start_sink 9002 "$SRV"
  sink=$LAST_PID
  # shellcheck disable=SC2086
  start pwl-srv ptunnel-ng -v 1 -o"$WORK/log/ptunnel-srv.log" -r"$SRV" -R9002 $sopts
  srvpid=$LAST_PID
  sleep 1
  ptunnel_body() {
    local clipid
    # shellcheck disable=SC2086
    start pwl-cli ptunnel-ng -v 1 -o"$WORK/log/ptunnel-cli.log" -p "$SRV" -l 2222 -r"$SRV" -R9002 $copts
  clipid=$LAST_PID
    sleep 1
    push pwl-cli 127.0.0.1 2222 60000 9002
    sleep 1
    stop_pid "$clipid"
  }
  capture "$name" ptunnel_body
  stop_pid "$srvpid"; stop_pid "$sink"
}

run_icmp() {
  ptunnel_run icmp-ptunnel-default "" ""
  ptunnel_run icmp-ptunnel-magic-auth "-m 0x5a17c0d3 -P $SECRET" "-m 0x5a17c0d3 -P $SECRET"
  ptunnel_run icmp-ptunnel-magic-auth-small "-m 0x0badf00d -P $SECRET" "-m 0x0badf00d -P $SECRET -y 256 -w 16"
  ptunnel_run icmp-ptunnel-y512-w8 "-m 0x00000001" "-m 0x00000001 -y 512 -w 8 -a 200"
}

# ---------------------------------------------------------------- benign hard cases
run_benign() {
  local pid
  # HTTPS download (openssl s_server serving a file)
  mkdir -p "$WORK/www"
  head -c 400000 /dev/urandom >"$WORK/www/blob.bin"
  openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=files.corp-example.test -keyout "$WORK/www/key.pem" \
    -out "$WORK/www/cert.pem" -days 2 2>/dev/null
  pushd "$WORK/www" >/dev/null
  start pwl-srv openssl s_server -quiet -accept "$SRV:443" -key key.pem -cert cert.pem -WWW
  pid=$LAST_PID
  popd >/dev/null
  sleep 1
  capture benign-https-download ip netns exec pwl-cli curl -sk -o /dev/null --resolve "files.corp-example.test:443:$SRV" \
    https://files.corp-example.test/blob.bin
  # the same download by programs whose ClientHello has no ALPN (as stunnel's): wget (GnuTLS),
  # Python's urllib and openssl s_client (OpenSSL), Java's HttpsURLConnection; the name resolves
  # through a hosts file of the client's namespace (ip netns exec mounts /etc/netns/NS/hosts)
  mkdir -p /etc/netns/pwl-cli
  echo "$SRV files.corp-example.test" >/etc/netns/pwl-cli/hosts
  local url=https://files.corp-example.test/blob.bin
  capture benign-tls-no-alpn-wget ip netns exec pwl-cli wget -q --no-check-certificate -O /dev/null "$url"
  capture benign-tls-no-alpn-python ip netns exec pwl-cli /usr/bin/python3 -c \
    "import ssl, urllib.request; urllib.request.urlopen('$url', context=ssl._create_unverified_context()).read()"
  capture benign-tls-no-alpn-java ip netns exec pwl-cli java "$HERE/tools/HttpsGet.java" "$url"
  capture benign-tls-no-alpn-openssl bash -c "printf 'GET /blob.bin HTTP/1.0\r\n\r\n' | ip netns exec pwl-cli \
    timeout 10 openssl s_client -quiet -connect files.corp-example.test:443 >/dev/null 2>&1 || true"
  rm -rf /etc/netns/pwl-cli
  stop_pid "$pid"
  # scp of a file
  mkdir -p "$WORK/ssh"
  rm -f "$WORK/ssh/"{host,client}*
  ssh-keygen -q -t ed25519 -N '' -f "$WORK/ssh/host"
  ssh-keygen -q -t ed25519 -N '' -f "$WORK/ssh/client"
  cp "$WORK/ssh/client.pub" "$WORK/ssh/authorized_keys"
  cat >"$WORK/ssh/sshd_config" <<EOF
ListenAddress $SRV
HostKey $WORK/ssh/host
PermitRootLogin yes
AuthorizedKeysFile $WORK/ssh/authorized_keys
StrictModes no
PasswordAuthentication no
UsePAM no
PidFile $WORK/ssh/sshd.pid
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
  mkdir -p /run/sshd
  start pwl-srv /usr/sbin/sshd -D -e -f "$WORK/ssh/sshd_config"
  pid=$LAST_PID
  sleep 1
  capture benign-scp ip netns exec pwl-cli scp -q -i "$WORK/ssh/client" -o StrictHostKeyChecking=no \
    -o UserKnownHostsFile=/dev/null "$WORK/www/blob.bin" "root@$SRV:$WORK/ssh/copy.bin"
  stop_pid "$pid"
  # pings: large, flood, patterns, other implementations
  capture benign-ping-large ip netns exec pwl-cli ping -q -c 20 -i 0.2 -s 1400 "$SRV"
  capture benign-ping-flood ip netns exec pwl-cli ping -q -f -c 600 -s 500 "$SRV"
  capture benign-ping-pattern ip netns exec pwl-cli ping -q -c 20 -i 0.2 -p a55aff00 -s 600 "$SRV"
  capture benign-ping-busybox ip netns exec pwl-cli busybox ping -q -c 20 -s 1200 "$SRV"
  capture benign-fping ip netns exec pwl-cli fping -q -c 30 -p 100 -b 1400 "$SRV"
  capture benign-ping-windows-pattern ip netns exec pwl-cli nping -q --icmp -c 20 --delay 100ms \
    --data-string abcdefghijklmnopqrstuvwabcdefghi "$SRV"
}

# ---------------------------------------------------------------- TLS tunnels (stunnel)
# stunnel server in pwl-srv (forwards to a socat sink), stunnel client in pwl-cli on its loopback;
# random bytes pushed through the client end.
stunnel_run() { # name server-port bytes "extra client options (one per line)"
  local name=$1 port=$2 bytes=$3 extra=$4 srv cli
  mkdir -p "$WORK/stunnel"
  openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=vpn.corp-example.test -keyout "$WORK/stunnel/key.pem" \
    -out "$WORK/stunnel/cert.pem" -days 2 2>/dev/null
  cat >"$WORK/stunnel/server.conf" <<EOF
foreground = yes
pid =
[tunnel]
accept = $SRV:$port
connect = $SRV:9000
cert = $WORK/stunnel/cert.pem
key = $WORK/stunnel/key.pem
EOF
  cat >"$WORK/stunnel/client.conf" <<EOF
foreground = yes
pid =
[tunnel]
client = yes
accept = 127.0.0.1:8000
connect = $SRV:$port
verifyChain = no
$extra
EOF
  start_sink 9000 "$SRV"
  start pwl-srv stunnel4 "$WORK/stunnel/server.conf"
  srv=$LAST_PID
  start pwl-cli stunnel4 "$WORK/stunnel/client.conf"
  cli=$LAST_PID
  sleep 1
  capture "$name" push pwl-cli 127.0.0.1 8000 "$bytes" 9000
  stop_pid "$cli"; stop_pid "$srv"
}

run_tls() {
  stunnel_run tls-stunnel-tls12-sni-port443 443 300000 "sni = vpn.corp-example.test
sslVersionMax = TLSv1.2"
  stunnel_run tls-stunnel-64k-port8443 8443 65536 ""
}

# ---------------------------------------------------------------- obfuscated proxies
# A web server in pwl-peer; the proxy server in pwl-srv; the proxy client in pwl-cli offers SOCKS5
# on its loopback, and curl downloads a file through it (the capture sees only the proxy's stream).
PROXY_UUID=b831381d-6324-4d53-ad4f-8cda48b30811

v2ray_conf() { # file protocol(shadowsocks|vmess) port : a v2ray client with SOCKS5 on 127.0.0.1:1080
  local server
  if [ "$2" = shadowsocks ]; then
    server="\"servers\":[{\"address\":\"$SRV\",\"port\":$3,\"method\":\"aes-256-gcm\",\"password\":\"$SECRET\"}]"
  else
    server="\"vnext\":[{\"address\":\"$SRV\",\"port\":$3,\"users\":[{\"id\":\"$PROXY_UUID\",\"alterId\":0}]}]"
  fi
  cat >"$1" <<EOF
{"log": {"loglevel": "warning"},
 "inbounds": [{"listen": "127.0.0.1", "port": 1080, "protocol": "socks", "settings": {"udp": false}}],
 "outbounds": [{"protocol": "$2", "settings": {$server}}]}
EOF
}

proxy_run() { # name client(ss-local|v2ray) protocol(shadowsocks|vmess) method port
  local name=$1 client=$2 proto=$3 method=$4 port=$5 srv cli
  if [ "$proto" = vmess ]; then
    cat >"$WORK/proxy/server.json" <<EOF
{"log": {"loglevel": "warning"},
 "inbounds": [{"listen": "$SRV", "port": $port, "protocol": "vmess", "settings": {"clients": [{"id": "$PROXY_UUID", "alterId": 0}]}}],
 "outbounds": [{"protocol": "freedom"}]}
EOF
    start pwl-srv v2ray -config "$WORK/proxy/server.json"
  else
    start pwl-srv ss-server -s "$SRV" -p "$port" -k "$SECRET" -m "$method"
  fi
  srv=$LAST_PID
  if [ "$client" = v2ray ]; then
    v2ray_conf "$WORK/proxy/client.json" "$proto" "$port"
    start pwl-cli v2ray -config "$WORK/proxy/client.json"
  else
    start pwl-cli ss-local -s "$SRV" -p "$port" -b 127.0.0.1 -l 1080 -k "$SECRET" -m "$method"
  fi
  cli=$LAST_PID
  sleep 2
  capture "$name" ip netns exec pwl-cli curl -sf -o /dev/null --socks5-hostname 127.0.0.1:1080 \
    "http://$PEER:8000/file.bin"
  stop_pid "$cli"; stop_pid "$srv"
}

run_proxy() {
  local web
  mkdir -p "$WORK/proxy/web"
  head -c 300000 /dev/urandom >"$WORK/proxy/web/file.bin"
  start pwl-peer python3 -m http.server 8000 --bind "$PEER" --directory "$WORK/proxy/web"
  web=$LAST_PID
  sleep 1
  proxy_run proxy-ss-aes256gcm-port443 ss-local shadowsocks aes-256-gcm 443
  proxy_run proxy-ss-stream-aes256cfb-port8388 ss-local shadowsocks aes-256-cfb 8388
  proxy_run proxy-v2ray-ss-aes256gcm-port8388 v2ray shadowsocks aes-256-gcm 8388
  proxy_run proxy-v2ray-vmess-port10086 v2ray vmess - 10086
  stop_pid "$web"
}

# ---------------------------------------------------------------- encrypted BitTorrent
bt_settings() { # dir port encryption(0 tolerated,1 preferred,2 required) utp(true/false) bind
  mkdir -p "$1"
  cat >"$1/settings.json" <<EOF
{ "dht-enabled": false, "lpd-enabled": false, "pex-enabled": false, "port-forwarding-enabled": false,
  "utp-enabled": $4, "encryption": $3, "peer-port": $2, "bind-address-ipv4": "$5",
  "rpc-enabled": false, "speed-limit-up-enabled": false, "ratio-limit-enabled": false,
  "idle-seeding-limit-enabled": false, "message-level": 1 }
EOF
}

# rtorrent (libtorrent 0.13, rakshasa) as a daemon: encryption required with RC4, no DHT or PEX
# (it has no LPD or UPnP); the torrent is loaded from the command line.
rtorrent_rc() { # file
  cat >"$1" <<EOF
directory.default.set = $WORK/bt/leech
session.path.set = $WORK/bt/rtsession
network.bind_address.set = $CLI
network.port_range.set = 6890-6890
network.port_random.set = no
dht.mode.set = disable
protocol.pex.set = no
protocol.encryption.set = allow_incoming,try_outgoing,require,require_RC4
system.daemon.set = true
EOF
}

# qBittorrent (libtorrent-rasterbar 2.0) without a GUI: encryption required (Session\Encryption=1),
# no DHT, LSD, PEX or UPnP; BTProtocol TCP or UTP; its web UI only on the namespace's loopback.
qbt_conf() { # profile-dir protocol(TCP|UTP)
  mkdir -p "$1/qBittorrent/config"
  cat >"$1/qBittorrent/config/qBittorrent.conf" <<EOF
[LegalNotice]
Accepted=true

[BitTorrent]
Session\\AnonymousModeEnabled=false
Session\\BTProtocol=$2
Session\\DHTEnabled=false
Session\\DefaultSavePath=$WORK/bt/leech
Session\\Encryption=1
Session\\Interface=eth0
Session\\InterfaceAddress=$CLI
Session\\InterfaceName=eth0
Session\\LSDEnabled=false
Session\\PeXEnabled=false
Session\\Port=6891
Session\\QueueingSystemEnabled=false

[Preferences]
Connection\\UPnP=false
General\\Locale=en
WebUI\\Address=127.0.0.1
WebUI\\Port=18080
WebUI\\UseUPnP=false
EOF
}

bt_run() { # name seeder-port leecher ("transmission"|"aria2"|"rtorrent"|"qbittorrent"|"qbittorrent-utp") tracker-scheme(http|udp)
  local name=$1 port=$2 leecher=$3 scheme=$4
  rm -rf "$WORK/bt"
  mkdir -p "$WORK/bt/seed" "$WORK/bt/leech"
  head -c 600000 /dev/urandom >"$WORK/bt/seed/lab-data.bin"
  local url="http://$SRV:6969/announce"
  [ "$scheme" = udp ] && url="udp://$SRV:6969"
  transmission-create -o "$WORK/bt/t.torrent" -t "$url" -s 256 "$WORK/bt/seed/lab-data.bin" >/dev/null
  # Debian's opentracker serves only whitelisted torrents: whitelist this one's info hash
  transmission-show "$WORK/bt/t.torrent" | awk '/Hash:/ {print $2}' >"$WORK/bt/whitelist"
  local trk seed
  start pwl-srv opentracker -i "$SRV" -p 6969 -P 6969 -w "$WORK/bt/whitelist"
  trk=$LAST_PID
  local utp=false
  [ "$leecher" = qbittorrent-utp ] && utp=true
  bt_settings "$WORK/bt/seedcfg" "$port" 2 "$utp" "$PEER"
  start pwl-peer transmission-cli -g "$WORK/bt/seedcfg" -w "$WORK/bt/seed" -p "$port" -er "$WORK/bt/t.torrent"
  seed=$LAST_PID
  sleep 3
  bt_body() {
    if [ "$leecher" = aria2 ]; then
      ip netns exec pwl-cli timeout 90 aria2c --dir="$WORK/bt/leech" --enable-dht=false --enable-dht6=false \
        --bt-enable-lpd=false --enable-peer-exchange=false --seed-time=0 --listen-port=6881 --disable-ipv6=true \
        --bt-stop-timeout=60 --summary-interval=0 --console-log-level=warn --file-allocation=none \
        --bt-require-crypto=true --bt-min-crypto-level=arc4 "$WORK/bt/t.torrent" >>"$WORK/log/aria2.log" 2>&1 || true
    else
      local l
      case $leecher in
        transmission)
          bt_settings "$WORK/bt/leechcfg" 51500 2 false "$CLI"
          start pwl-cli transmission-cli -g "$WORK/bt/leechcfg" -w "$WORK/bt/leech" -p 51500 -er -f /bin/true \
            "$WORK/bt/t.torrent" ;;
        rtorrent)
          mkdir -p "$WORK/bt/rtsession"
          rtorrent_rc "$WORK/bt/rtorrent.rc"
          start pwl-cli env HOME="$WORK/bt" TERM=dumb rtorrent -n -o "import=$WORK/bt/rtorrent.rc" "$WORK/bt/t.torrent" ;;
        qbittorrent | qbittorrent-utp)
          local proto=TCP
          [ "$leecher" = qbittorrent-utp ] && proto=UTP
          qbt_conf "$WORK/bt/qbt" "$proto"
          start pwl-cli env HOME="$WORK/bt" qbittorrent-nox --profile="$WORK/bt/qbt" --save-path="$WORK/bt/leech" \
            "$WORK/bt/t.torrent" ;;
      esac
      l=$LAST_PID
      for _ in $(seq 120); do
        [ -f "$WORK/bt/leech/lab-data.bin" ] && cmp -s "$WORK/bt/leech/lab-data.bin" "$WORK/bt/seed/lab-data.bin" && break
        sleep 0.5
      done
      stop_pid "$l"
    fi
    cmp -s "$WORK/bt/leech/lab-data.bin" "$WORK/bt/seed/lab-data.bin"
  }
  capture "$name" bt_body
  stop_pid "$seed"; stop_pid "$trk"
}

run_bt() {
  bt_run bt-mse-transmission-required 51413 transmission http
  bt_run bt-mse-aria2-required-port40000 40000 aria2 http
  bt_run bt-mse-transmission-udp-tracker 45678 transmission udp
  bt_run bt-mse-rtorrent-rc4-required 51413 rtorrent http
  bt_run bt-mse-qbittorrent-required 51413 qbittorrent http
  bt_run bt-mse-qbittorrent-utp-required 51413 qbittorrent-utp http
}

# ---------------------------------------------------------------- Direct Connect (ADC, ADCS)
# Hub: Debian uhub in pwl-srv. Clients: Debian ncdc (ncurses) in detached tmux sessions, driven
# with tmux send-keys: the downloader in pwl-cli (the capture point), the uploader in pwl-peer.
DC_FILE=quarterly-report.pdf

dc_hub() { # port tls(yes|no) : starts uhub; LAST_PID is its pid
  local dir="$WORK/dc/hub-$1"
  mkdir -p "$dir"
  : >"$dir/users.conf"
  : >"$dir/plugins.conf"
  cat >"$dir/uhub.conf" <<EOF
server_port=$1
server_bind_addr=$SRV
hub_name=PeerWatch lab hub
registered_users_only=0
file_acl=$dir/users.conf
file_plugins=$dir/plugins.conf
tls_enable=$2
tls_require=$2
tls_certificate=$WORK/dc/hub-cert.pem
tls_private_key=$WORK/dc/hub-key.pem
EOF
  start pwl-srv uhub -c "$dir/uhub.conf" -v
}

# dc_client NS NAME : ncdc in a detached tmux session inside NS (tmux server socket pwl-dc-NAME)
dc_client() {
  local ns=$1 name=$2 dir="$WORK/dc/$2"
  mkdir -p "$dir/share" "$dir/dl"
  ip netns exec "$ns" env LANG=C.UTF-8 TERM=xterm tmux -L "pwl-dc-$name" new-session -d -x 200 -y 50 -s dc \
    "ncdc -c $dir/session"
  PIDS+=("$(tmux -L "pwl-dc-$name" display-message -p '#{pid}')")
  # ncdc makes its TLS certificate on first start: wait for it (bounded)
  for _ in $(seq 60); do [ -s "$dir/session/cert/client.crt" ] && break; sleep 0.5; done
}

dc_type() { # NAME TEXT : types one line into ncdc
  tmux -L "pwl-dc-$1" send-keys -t dc -l "$2"
  tmux -L "pwl-dc-$1" send-keys -t dc Enter
  sleep 0.3
}

dc_screen() { tmux -L "pwl-dc-$1" capture-pane -p -t dc; }

dc_stop() { # NAME : quits ncdc and ends its tmux server (the pid recorded by dc_client)
  local pid
  pid=$(tmux -L "pwl-dc-$1" display-message -p '#{pid}' 2>/dev/null) || return 0
  dc_type "$1" /quit
  stop_pid "$pid"
}

# dc_setup NAME ADDR PORT ACTIVE(true|false) TLS_POLICY(disabled|prefer) HUB-URL
dc_setup() {
  local name=$1 addr=$2 port=$3 active=$4 tls=$5 url=$6 dir="$WORK/dc/$1"
  dc_type "$name" "/set nick ${name}_lab"
  dc_type "$name" "/set local_address $addr"
  if [ "$active" = true ]; then
    dc_type "$name" "/set active_ip $addr"
    dc_type "$name" "/set active_port $port"
  fi
  dc_type "$name" "/set active $active"
  dc_type "$name" "/set tls_policy $tls"
  dc_type "$name" "/set slots 5"
  dc_type "$name" "/set download_dir $dir/dl"
  dc_type "$name" "/share Stuff $dir/share"
  dc_type "$name" "/open lab $url"
}

# dc_run NAME TLS(yes|no) DOWNLOADER-ACTIVE(true|false) : one capture of a search and a download
dc_run() {
  local name=$1 tls=$2 dlactive=$3
  rm -rf "$WORK/dc"
  mkdir -p "$WORK/dc"
  local policy=disabled port=1511 scheme=adc kp=""
  if [ "$tls" = yes ]; then
    policy=prefer port=1512 scheme=adcs
    openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=hub.lab.test -keyout "$WORK/dc/hub-key.pem" \
      -out "$WORK/dc/hub-cert.pem" -days 2 2>/dev/null
    # ADCS keyprint: SHA-256 of the certificate, base32 without padding
    kp="?kp=SHA256/$(openssl x509 -in "$WORK/dc/hub-cert.pem" -outform DER | openssl dgst -sha256 -binary \
      | python3 -c 'import base64,sys; print(base64.b32encode(sys.stdin.buffer.read()).decode().rstrip("="))')"
  fi
  local url="$scheme://$SRV:$port/$kp" hub
  dc_hub "$port" "$tls"
  hub=$LAST_PID
  sleep 1
  # the uploader joins and hashes its share before the capture starts
  head -c 524288 /dev/urandom >"$WORK/dc/upload.bin"
  dc_client pwl-peer up
  cp "$WORK/dc/upload.bin" "$WORK/dc/up/share/$DC_FILE"
  dc_setup up "$PEER" 41222 true "$policy" "$url"
  dc_body() {
    dc_client pwl-cli down
    dc_setup down "$CLI" 41111 "$dlactive" "$policy" "$url"
    local found=0
    for _ in $(seq 10); do # searches until the uploader's hashed file answers (uhub allows one search per 5 s)
      sleep 6
      dc_type down "/search quarterly-report"
      sleep 2
      if dc_screen down | grep -q "$DC_FILE"; then found=1; break; fi
      dc_type down /close
    done
    [ "$found" = 1 ] || { log "$name: no search result"; return 1; }
    tmux -L pwl-dc-down send-keys -t dc d
    for _ in $(seq 120); do
      cmp -s "$WORK/dc/down/dl/$DC_FILE" "$WORK/dc/upload.bin" && break
      sleep 0.5
    done
    dc_stop down
    cmp -s "$WORK/dc/down/dl/$DC_FILE" "$WORK/dc/upload.bin"
  }
  capture "$name" dc_body
  dc_stop up
  stop_pid "$hub"
}

# dc_eiskalt NAME : another client, EiskaltDC++ (DC++'s core) as a daemon, joining the TLS hub; it
# connects to its favourite hub at start (Favorites.xml, Connect="1") and runs until the timeout
dc_eiskalt() {
  local name=$1 hub conf="$WORK/dc/eiskalt"
  rm -rf "$WORK/dc"
  mkdir -p "$conf"
  openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=hub.lab.test -keyout "$WORK/dc/hub-key.pem" \
    -out "$WORK/dc/hub-cert.pem" -days 2 2>/dev/null
  dc_hub 1512 yes
  hub=$LAST_PID
  sleep 1
  cat >"$conf/Favorites.xml" <<EOF
<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<Favorites>
	<Hubs>
		<Hub Name="lab" Connect="1" Nick="eiskalt_lab" Password="" Description="" UserDescription="" Encoding="UTF-8" Server="adcs://$SRV:1512"/>
	</Hubs>
</Favorites>
EOF
  cat >"$conf/DCPlusPlus.xml" <<EOF
<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<DCPlusPlus>
	<Settings>
		<Nick type="string">eiskalt_lab</Nick>
	</Settings>
</DCPlusPlus>
EOF
  eiskalt_body() {
    ip netns exec pwl-cli timeout 20 eiskaltdcpp-daemon -c "$conf" -v >>"$WORK/log/eiskalt.log" 2>&1 || true
    grep -q "Connected to adcs://" "$WORK/log/eiskalt.log"
  }
  capture "$name" eiskalt_body
  stop_pid "$hub"
}

run_dc() {
  dc_eiskalt dc-adcs-eiskalt-hub
  dc_run dc-adcs-ncdc-prefer yes true
  dc_run dc-adcs-ncdc-passive-downloader yes false
  dc_run dc-adc-ncdc-plain no true
}

main() {
  [ "$(id -u)" = 0 ] || { echo "lab: run as root (network namespaces)" >&2; exit 1; }
  install_packages
  mkdir -p "$OUT" "$WORK/log"
  : >"$WORK/results.csv"
  trap cleanup EXIT
  setup_network
  local groups=("$@")
  [ ${#groups[@]} -eq 0 ] && groups=(dns icmp benign bt dc tls proxy)
  for g in "${groups[@]}"; do "run_$g"; done
  cat "$WORK/results.csv"
}

main "$@"
