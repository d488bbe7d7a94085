#!/usr/bin/env bash
# kubelode: mesh-apply.sh
# inputs: MESH_ADDRESS LISTEN_PORT PUBLIC_KEY MESH_PRIVATE_KEY PEERS MESH_ROUTES POD_ROUTES CLUSTER_RANGES TABLE_ID TABLE_RULES NFT_DEFINITION BOOT_COPY
# kubelode network-service: the WireGuard mesh, routes, forwarding and firewall of a node of
# a cluster, made as planned. Inputs (NetworkScripts renders them from the plan):
#   PEERS           one peer a line: "PUBLIC_KEY ENDPOINT_HOST|- ENDPOINT_PORT ALLOWED_IPS,... LABEL"
#   MESH_ROUTES     destinations routed into the mesh interface
#   POD_ROUTES      "CIDR=VIA" each: another node's pod range, through this node's own container
#   CLUSTER_RANGES  the cluster's ranges, unreachable unless a more specific route says otherwise
#   TABLE_ID        identifies NFT_DEFINITION (kubelode's nftables table) with TABLE_RULES rules
#   BOOT_COPY       what the boot unit runs at every boot, base64: this script with an empty BOOT_COPY
# The private key travels in the text, on the shell's standard input only. Idempotent; last line
# kubelode:changed or kubelode:unchanged.

ensure_tools() {
  local missing=()
  command -v wg >/dev/null || missing+=(wireguard-tools)
  command -v nft >/dev/null || missing+=(nftables)
  if (( ${#missing[@]} )); then
    apt_install "${missing[@]}"
  fi
}

apt_install() {
  command -v apt-get >/dev/null || fail "missing $* and no apt-get to install them"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "$@" >&2 \
    || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends "$@" >&2; } \
    || fail "could not install $*"
  note "installed $*"
  changed=1
}

ensure_forwarding() {
  if [[ "$(cat /proc/sys/net/ipv4/ip_forward)" != 1 ]]; then
    mkdir -p "$STATE_DIR"
    [[ -e "$STATE_DIR/ip_forward.before" ]] || echo 0 >"$STATE_DIR/ip_forward.before"
    echo 1 >/proc/sys/net/ipv4/ip_forward
    note "enabled IPv4 forwarding"
    changed=1
  fi
}

ensure_interface() {
  if ! ip link show dev "$IFACE" >/dev/null 2>&1; then
    if ! ip link add dev "$IFACE" type wireguard 2>/dev/null; then
      # no WireGuard in this kernel (Linode's Debian 12 has it; a container host may not)
      command -v wireguard-go >/dev/null || apt_install wireguard-go
      # userspace WireGuard over /dev/net/tun; it forks into the background with its own stdio
      # (its banner about the kernel module is noise: shown only when it fails)
      local out
      out=$(wireguard-go "$IFACE" 2>&1) || fail "wireguard-go $IFACE failed: $out"
    fi
    note "created $IFACE"
    changed=1
  fi
}

resolve_endpoint() {
  local host=$1 port=$2 address=''
  if [[ -z $host ]]; then
    return 0
  fi
  if [[ $host =~ ^[0-9]+([.][0-9]+){3}$ ]]; then
    address=$host
  else
    address=$(getent ahostsv4 "$host" | awk 'NR == 1 {print $1}') || true
  fi
  if [[ -n $address ]]; then
    printf '%s:%s' "$address" "$port"
  else
    note "cannot resolve $host: the peer keeps no endpoint and must call in"
  fi
}

peer_config() {
  printf '\n[Peer]\nPublicKey = %s\nAllowedIPs = %s\nPersistentKeepalive = %s\n' "$1" "$3" 25
  if [[ -n $2 ]]; then
    printf 'Endpoint = %s\n' "$2"
  fi
}

peer_state() {
  local ip ips
  printf 'peer %s %s %s\n' "$1" "${2:-(none)}" 25
  IFS=, read -r -a ips <<<"$3"
  for ip in "${ips[@]}"; do
    printf 'allowed %s %s\n' "$1" "$ip"
  done
}

actual_state() {
  wg show "$IFACE" dump | awk -F '\t' '
    NR == 1 { print "interface", $2, $3; next }
    { print "peer", $1, $3, $8
      n = split($4, ips, ",")
      for (i = 1; i <= n; i++) if (ips[i] != "(none)") print "allowed", $1, ips[i] }' | sort
}

ensure_mesh() {
  local have want
  have=$(actual_state)
  want=$(desired_state | sort)
  if [[ $have != "$want" ]]; then
    # the config, private key included, goes through a pipe: never a file, never argv
    wg syncconf "$IFACE" <(wg_config)
    note "configured $IFACE: $(diff <(printf '%s\n' "$have") <(printf '%s\n' "$want") | grep '^[<>]' | tr '\n' ';' || true)"
    changed=1
    [[ "$(actual_state)" == "$want" ]] || fail "$IFACE does not match the plan after wg syncconf"
  fi
}

ensure_address() {
  local have
  have=$(ip -o -4 addr show dev "$IFACE" | awk '{print $4}')
  if [[ $have != "$MESH_ADDRESS" ]]; then
    ip addr flush dev "$IFACE"
    ip addr add "$MESH_ADDRESS" dev "$IFACE"
    note "addressed $IFACE as $MESH_ADDRESS"
    changed=1
  fi
  if ! ip link show dev "$IFACE" | grep '[<,]UP[,>]' >/dev/null; then
    ip link set dev "$IFACE" up
    note "set $IFACE up"
    changed=1
  fi
}

ensure_route() {
  local dst=$1 expect=$2
  shift 2
  if [[ "$(ip -4 route show exact "$dst" proto "$RT_PROTO")" != *"$expect"* ]]; then
    ip route replace "$@" proto "$RT_PROTO"
    note "routed $*"
    changed=1
  fi
}

prune_routes() {
  local line dst words
  while IFS= read -r line; do
    [[ -n $line ]] || continue
    read -r -a words <<<"$line"
    dst=${words[0]}
    [[ $dst != unreachable ]] || dst=${words[1]}
    if [[ " $wanted_routes " != *" $dst "* ]]; then
      ip route del "${words[@]}" proto "$RT_PROTO"
      note "removed the route $line"
      changed=1
    fi
  done < <(ip -4 route show proto "$RT_PROTO")
}

# (no grep -q behind a pipe: under pipefail the writer's SIGPIPE would fail the test at random)
ensure_table() {
  local listing rules
  listing=$(nft list table inet "$NFT_TABLE" 2>/dev/null || true)
  rules=$(grep -c 'comment "kubelode:' <<<"$listing" || true)
  # replaced when its definition changed or a rule of it went missing
  if [[ $listing != *"kubelode-def:$TABLE_ID"* ]] || (( rules != TABLE_RULES )); then
    # declare, delete and recreate in one transaction: the rules are replaced atomically
    { printf 'table inet %s\ndelete table inet %s\n' "$NFT_TABLE" "$NFT_TABLE"; nft_definition; } | nft -f -
    note "replaced table inet $NFT_TABLE"
    changed=1
  fi
}

# BOOT_COPY, this script rendered with an empty BOOT_COPY, is saved root's only: it holds the node's
# mesh key, as wg-quick's configuration would
# (KUBELODE_BOOT_UNIT=off: a runner whose node is no machine of its own, the tests' namespaces)
ensure_boot_unit() {
  local tmp
  if [[ ${KUBELODE_BOOT_UNIT:-on} == off || ! -d /run/systemd/system ]]; then
    return 0
  fi
  mkdir -p "$(dirname "$BOOT_PATH")"
  chmod 0700 "$(dirname "$BOOT_PATH")"
  tmp=$(mktemp "$BOOT_PATH.XXXXXX")
  base64 -d <<<"$BOOT_COPY" >"$tmp"
  chmod 0600 "$tmp"
  if [[ -f $BOOT_PATH ]] && cmp -s "$tmp" "$BOOT_PATH"; then
    rm -f "$tmp"
  else
    mv -f "$tmp" "$BOOT_PATH"
    note "saved the network for the next boot"
    changed=1
  fi
  local unit
  unit=$(boot_unit)
  if [[ ! -f $BOOT_UNIT ]] || [[ "$(cat "$BOOT_UNIT")" != "$unit" ]]; then
    printf '%s\n' "$unit" >"$BOOT_UNIT"
    systemctl daemon-reload
    changed=1
  fi
  if ! systemctl is-enabled --quiet kubelode-network.service; then
    systemctl enable --quiet kubelode-network.service
    note "enabled kubelode-network.service"
    changed=1
  fi
}

# after LXD: the pod routes lead through the containers on its bridge
boot_unit() {
  cat <<'UNIT'
[Unit]
Description=kubelode: the node's WireGuard mesh, routes, forwarding and firewall
Wants=network-online.target lxd.service
After=network-online.target lxd.service lxd.socket

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/bash /etc/kubelode/network/apply.sh

[Install]
WantedBy=multi-user.target
UNIT
}

# the peers in PEERS' order, each endpoint resolved once
peer_keys=()
peer_endpoints=()
peer_ips=()
while read -r key host port ips _; do
  [[ -n $key ]] || continue
  [[ $host != - ]] || host=''
  peer_keys+=("$key")
  peer_endpoints+=("$(resolve_endpoint "$host" "$port")")
  peer_ips+=("$ips")
done <<<"$PEERS"

wg_config() {
  local i
  printf '[Interface]\nPrivateKey = %s\nListenPort = %s\n' "$MESH_PRIVATE_KEY" "$LISTEN_PORT"
  for i in "${!peer_keys[@]}"; do
    peer_config "${peer_keys[i]}" "${peer_endpoints[i]}" "${peer_ips[i]}"
  done
}

desired_state() {
  local i
  printf 'interface %s %s\n' "$PUBLIC_KEY" "$LISTEN_PORT"
  for i in "${!peer_keys[@]}"; do
    peer_state "${peer_keys[i]}" "${peer_endpoints[i]}" "${peer_ips[i]}"
  done
}

nft_definition() {
  printf '%s' "$NFT_DEFINITION"
}

read -r -a mesh_dsts <<<"$MESH_ROUTES"
read -r -a pod_hops <<<"$POD_ROUTES"
read -r -a ranges <<<"$CLUSTER_RANGES"
wanted_routes="${mesh_dsts[*]} ${pod_hops[*]%%=*} ${ranges[*]}"

ensure_tools
ensure_forwarding
ensure_interface
ensure_mesh
ensure_address
for cidr in "${mesh_dsts[@]}"; do
  ensure_route "$cidr" "$cidr dev $IFACE" "$cidr" dev "$IFACE"
done
for route in "${pod_hops[@]}"; do
  cidr=${route%%=*}
  via=${route#*=}
  ensure_route "$cidr" "$cidr via $via" "$cidr" via "$via"
done
# the fallback for a node not (or no longer) in the mesh: fail at once, never leak unencrypted
for cidr in "${ranges[@]}"; do
  ensure_route "$cidr" "unreachable $cidr" unreachable "$cidr" metric 4000
done
prune_routes
ensure_table
# the mesh, the routes, the forwarding and the firewall exist only at run time: a reboot (Linode's
# maintenance) would lose them with no kubelode action to bring them back
if [[ -n $BOOT_COPY ]]; then
  ensure_boot_unit
fi

if (( changed )); then
  echo kubelode:changed
else
  echo kubelode:unchanged
fi
