package io.kubelode.network.plan;

/** The fixed part of the scripts: bash functions the generated part calls with the plan's values. */
final class ScriptLibrary {
    private ScriptLibrary() {
    }

    /** Names of everything kubelode owns on a node: its ownership tags. */
    static final String HEADER = """
            set -euo pipefail
            umask 077
            export LC_ALL=C
            # Everything kubelode owns on a node carries one of these tags, so removal takes exactly it:
            # the interface by name, routes by protocol number, the nftables table by name.
            readonly IFACE='kl-mesh'
            readonly RT_PROTO=157
            readonly NFT_TABLE='kubelode_mesh'
            readonly STATE_DIR='/run/kubelode/network'
            readonly BOOT_SCRIPT='/etc/kubelode/network/apply.sh'
            readonly BOOT_UNIT='/etc/systemd/system/kubelode-network.service'
            changed=0

            note() { printf 'kubelode: %s\\n' "$*" >&2; }
            # "failed:" keeps the reason in the layer's failure event (the other notes are only what changed)
            fail() { note "failed: $*"; exit 1; }
            """;

    static final String APPLY = """
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
              printf '\\n[Peer]\\nPublicKey = %s\\nAllowedIPs = %s\\nPersistentKeepalive = %s\\n' "$1" "$3" 25
              if [[ -n $2 ]]; then
                printf 'Endpoint = %s\\n' "$2"
              fi
            }

            peer_state() {
              local ip ips
              printf 'peer %s %s %s\\n' "$1" "${2:-(none)}" 25
              IFS=, read -r -a ips <<<"$3"
              for ip in "${ips[@]}"; do
                printf 'allowed %s %s\\n' "$1" "$ip"
              done
            }

            actual_state() {
              wg show "$IFACE" dump | awk -F '\\t' '
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
                note "configured $IFACE: $(diff <(printf '%s\\n' "$have") <(printf '%s\\n' "$want") | grep '^[<>]' | tr '\\n' ';' || true)"
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
                if [[ " $WANTED_ROUTES " != *" $dst "* ]]; then
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
                { printf 'table inet %s\\ndelete table inet %s\\n' "$NFT_TABLE" "$NFT_TABLE"; nft_definition; } | nft -f -
                note "replaced table inet $NFT_TABLE"
                changed=1
              fi
            }
            """;

    /** The boot unit that applies the node's network again after every boot (the script on stdin). */
    static final String BOOT = """
            # root's only: it holds the node's mesh key, as wg-quick's configuration would
            # (KUBELODE_BOOT_UNIT=off: a runner whose node is no machine of its own, the tests' namespaces)
            ensure_boot_unit() {
              local tmp
              if [[ ${KUBELODE_BOOT_UNIT:-on} == off || ! -d /run/systemd/system ]]; then
                cat >/dev/null
                return 0
              fi
              mkdir -p "$(dirname "$BOOT_SCRIPT")"
              chmod 0700 "$(dirname "$BOOT_SCRIPT")"
              tmp=$(mktemp "$BOOT_SCRIPT.XXXXXX")
              cat >"$tmp"
              chmod 0600 "$tmp"
              if [[ -f $BOOT_SCRIPT ]] && cmp -s "$tmp" "$BOOT_SCRIPT"; then
                rm -f "$tmp"
              else
                mv -f "$tmp" "$BOOT_SCRIPT"
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
            """;

    static final String REMOVE = """
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
              if [[ -e $BOOT_SCRIPT ]]; then
                rm -f "$BOOT_SCRIPT"
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
            """;

    static final String FOOTER = """
            if (( changed )); then
              echo kubelode:changed
            else
              echo kubelode:unchanged
            fi
            """;
}
