#!/usr/bin/env bash
# kubelode: mesh-remove.sh
# kubelode network-service: removes the WireGuard mesh interface, kubelode's routes and nftables table,
# its boot unit, and nothing else, and restores IPv4 forwarding as it was. Idempotent; last line
# kubelode:changed or kubelode:unchanged.

remove_table() {
  if nft list table inet "$NFT_TABLE" >/dev/null 2>&1; then
    nft delete table inet "$NFT_TABLE"
    changed=1
  fi
}

remove_routes() {
  if [[ -n "$(ip -4 route show proto "$RT_PROTO")" ]]; then
    ip -4 route flush proto "$RT_PROTO"
    changed=1
  fi
}

remove_interface() {
  local i
  if ip link show dev "$IFACE" >/dev/null 2>&1; then
    # wireguard-go exits when its control socket goes; a kernel interface goes with the link
    rm -f "/run/wireguard/$IFACE.sock"
    ip link del dev "$IFACE" 2>/dev/null || true
    for i in $(seq 1 50); do
      ip link show dev "$IFACE" >/dev/null 2>&1 || break
      (( i < 50 )) || fail "$IFACE is still there"
      sleep 0.1
    done
    changed=1
  fi
}

remove_boot_unit() {
  if [[ -f $BOOT_UNIT ]]; then
    systemctl disable --quiet kubelode-network.service 2>/dev/null || true
    rm -f "$BOOT_UNIT"
    systemctl daemon-reload
    changed=1
  fi
  if [[ -e $BOOT_PATH ]]; then
    rm -f "$BOOT_PATH"
    changed=1
  fi
}

restore_forwarding() {
  if [[ -e "$STATE_DIR/ip_forward.before" ]]; then
    cat "$STATE_DIR/ip_forward.before" >/proc/sys/net/ipv4/ip_forward
    rm -f "$STATE_DIR/ip_forward.before"
    changed=1
  fi
}

remove_boot_unit
remove_table
remove_routes
remove_interface
restore_forwarding

if (( changed )); then
  echo kubelode:changed
else
  echo kubelode:unchanged
fi
