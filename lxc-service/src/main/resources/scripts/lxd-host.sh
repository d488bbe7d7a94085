#!/usr/bin/env bash
# kubelode: lxd-host.sh
# inputs: CLUSTER_ID PROFILE BRIDGE BRIDGE_CIDR POOL IMAGE_ALIAS IMAGE_TARBALL RANGES
# kubelode lxc layer, host part: LXD from Debian's package, initialised non-interactively
# (storage pool, a bridge on the node's container subnet from the address plan), the kernel
# modules and sysctls kubelet needs when it runs in an unprivileged container (KEP-2033), root
# delegated the subordinate id range of each container role (RANGES, "role:start:count"; liblxc
# insists that root owns the ranges it maps when newuidmap exists), AppArmor's parser (without it LXD confines no
# container even where the kernel enforces AppArmor), a Debian 12 image, and the cluster's profile.
# Parameters come as variables set before this text. Idempotent; last line kubelode:changed or
# kubelode:unchanged. Facts for the event follow on that last line, each
# "key=value" after a tab.
set -euo pipefail

: "${CLUSTER_ID:?}" "${PROFILE:?}" "${BRIDGE:?}" "${BRIDGE_CIDR:?}" "${POOL:?}"
: "${IMAGE_ALIAS:?}" "${IMAGE_TARBALL:?}" "${RANGES:?}"

export DEBIAN_FRONTEND=noninteractive
export LC_ALL=C
# apparmor: the parser (apparmor_parser) and Debian's profiles. LXD recommends it only, so an install
# with --no-install-recommends leaves it out, and LXD then starts every container unconfined ("AppArmor
# support has been disabled because 'apparmor_parser' couldn't be found") although Debian 12's kernel,
# as Linode boots it, enforces AppArmor. LXD looks for the parser when it starts: installed later, LXD
# is restarted (its containers keep running: KillMode=process).
readonly PACKAGES=(lxd lxd-client dnsmasq-base iptables uidmap squashfs-tools xz-utils debootstrap apparmor)
readonly SYSCTL_FILE=/etc/sysctl.d/61-kubelode-kubelet.conf
# Kernel modules the containers need but cannot load themselves (a user namespace may not load
# modules: its modprobe and the kernel's autoload on its behalf are refused). Loaded here, on the
# host, and listed in $MODULES_FILE so that every boot loads them again. REQUIRED: without them
# the k8s layer fails in the containers: overlay (containerd's overlayfs snapshotter),
# br_netfilter (the bridge CNI and its bridge-nf-call sysctls), nf_conntrack and nf_nat
# (kube-proxy, the CNI's masquerade), ip_tables/iptable_filter/iptable_nat (iptables' legacy
# tables, as kind's rootless host setup loads them), nf_tables/nft_compat/nft_chain_nat (Debian
# 12's iptables writes through nf_tables) and the xt_ matches kube-proxy's and the CNI's rules use.
# WANTED: the IPv6 tables (kind's rootless list; kube-proxy sets up its IPv6 chains when it can)
# and matches kube-proxy uses for some Services. A module this kernel lacks is reported, never
# fatal: a kernel may have it built in, and the node's readiness says the rest.
readonly REQUIRED_MODULES=(overlay br_netfilter nf_conntrack nf_nat ip_tables iptable_filter iptable_nat
  nf_tables nft_compat nft_chain_nat xt_conntrack xt_MASQUERADE xt_addrtype xt_comment xt_mark)
readonly WANTED_MODULES=(ip6_tables ip6table_filter ip6table_nat xt_multiport xt_statistic)
readonly MODULES_FILE=/etc/modules-load.d/kubelode.conf
readonly SUBID_FILES=(/etc/subuid /etc/subgid)

# what the layer's library (lxc-lib.sh) logs this script's lines as
readonly LOG_AS=lxd-host

installed() {
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]
}

ensure_packages() {
  local pkg missing=()
  for pkg in "${PACKAGES[@]}"; do
    installed "$pkg" || missing+=("$pkg")
  done
  if ((${#missing[@]} > 0)); then
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    mark "installed ${missing[*]}"
    if [[ " ${missing[*]} " == *" apparmor "* ]]; then
      restart_lxd=1
    fi
  fi
}

# Delegates each role's range to root (the LXD daemon's user): "root:start:count" in /etc/subuid and
# /etc/subgid (SUBID_FILES). Refuses a range that overlaps any other entry of the file (a user's own subordinate ids,
# or another range of root's): a container mapped there would share host ids with someone else.
ensure_root_delegation() {
  local file entry role start count
  for file in "${SUBID_FILES[@]}"; do
    touch "$file"
    for entry in $RANGES; do
      IFS=: read -r role start count <<<"$entry"
      awk -F: -v r="$role" -v s="$start" -v c="$count" -v f="$file" '
        NF == 3 && $2 < s + c && s < $2 + $3 && !($1 == "root" && $2 == s && $3 == c) {
          printf "lxd-host: the %s range %s+%s overlaps %s:%s:%s in %s\n", r, s, c, $1, $2, $3, f > "/dev/stderr"
          bad = 1
        }
        END { exit bad }' "$file"
      if ! grep -qx "root:${start}:${count}" "$file"; then
        printf 'root:%s:%s\n' "$start" "$count" >>"$file"
        mark "delegated the $role range $start+$count in $file to root"
        restart_lxd=1
      fi
      fact "range.$role.${file##*/}" "$start:$count"
    done
  done
}

# Whether a module is in the running kernel: loaded, built in, or (for these two) its feature present.
module_present() {
  local mod=$1
  [[ -d /sys/module/$mod ]] \
    || grep -qs "/${mod}.ko" "/lib/modules/$(uname -r)/modules.builtin" \
    || { [[ $mod == br_netfilter ]] && [[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]]; } \
    || { [[ $mod == overlay ]] && grep -qw overlay /proc/filesystems; }
}

ensure_modules() {
  local mod state content missing=()
  content=$(printf '%s\n' "# kubelode: modules the unprivileged containers need and cannot load (lxd-host.sh)" \
    "${REQUIRED_MODULES[@]}" "${WANTED_MODULES[@]}")
  if [[ ! -f $MODULES_FILE ]] || [[ $(cat "$MODULES_FILE") != "$content" ]]; then
    mkdir -p "$(dirname "$MODULES_FILE")"
    printf '%s\n' "$content" >"$MODULES_FILE"
    mark "wrote $MODULES_FILE"
  fi
  for mod in "${REQUIRED_MODULES[@]}" "${WANTED_MODULES[@]}"; do
    if module_present "$mod"; then
      state=present
    elif modprobe "$mod" 2>/dev/null; then
      state=loaded
      mark "loaded module $mod"
    else
      state=missing
      missing+=("$mod")
      if [[ " ${REQUIRED_MODULES[*]} " == *" $mod "* ]]; then
        log "WARNING: required module $mod is neither built in nor loadable here: the k8s layer may fail"
      else
        log "module $mod is neither built in nor loadable here (wanted, not required)"
      fi
    fi
    fact "module.$mod" "$state"
  done
  fact modules.missing "$(IFS=,; printf '%s' "${missing[*]:-none}")"
}

ensure_sysctls() {
  local content key value now applied=ok
  content=$(printf '%s\n' \
    "net.ipv4.ip_forward = 1" \
    "net.bridge.bridge-nf-call-iptables = 1" \
    "net.bridge.bridge-nf-call-ip6tables = 1" \
    "vm.overcommit_memory = 1" \
    "kernel.panic = 10" \
    "kernel.panic_on_oops = 1" \
    "kernel.keys.root_maxkeys = 1000000" \
    "kernel.keys.root_maxbytes = 25000000")
  if [[ ! -f $SYSCTL_FILE ]] || [[ $(cat "$SYSCTL_FILE") != "$content" ]]; then
    printf '%s\n' "$content" >"$SYSCTL_FILE"
    mark "wrote $SYSCTL_FILE"
  fi
  while IFS=' = ' read -r key value; do
    now=$(sysctl -n "$key" 2>/dev/null || echo absent)
    if [[ $now != "$value" ]]; then
      if sysctl -qw "$key=$value" >/dev/null 2>&1; then
        mark "set $key=$value"
      else
        log "sysctl $key cannot be set here (is $now)"
        applied=partial
      fi
    fi
  done <<<"$content"
  fact sysctls "$applied"
}

selinux_state() {
  if command -v getenforce >/dev/null 2>&1; then
    getenforce | tr '[:upper:]' '[:lower:]'
  elif [[ -r /sys/fs/selinux/enforce ]]; then
    if [[ $(cat /sys/fs/selinux/enforce) == 1 ]]; then echo enforcing; else echo permissive; fi
  else
    echo disabled
  fi
}

# Whether the running kernel enforces AppArmor: "enabled" (LXD then loads a profile per container, if
# the parser is installed), else "unavailable" (this CI machine's kernel has no AppArmor at all).
apparmor_state() {
  if [[ $(cat /sys/module/apparmor/parameters/enabled 2>/dev/null || true) == Y ]] \
    && [[ -d /sys/kernel/security/apparmor ]]; then
    echo enabled
  else
    echo unavailable
  fi
}

ensure_lxd_running() {
  if ((restart_lxd)) && systemctl is-active -q lxd; then
    systemctl restart lxd
    mark "restarted lxd to read the new id delegations and find AppArmor's parser"
  fi
  if ! systemctl is-active -q lxd; then
    systemctl start lxd
  fi
  lxd waitready --timeout 60
}

# Storage pool and the node's container bridge, applied as an LXD preseed when missing or different.
ensure_initialised() {
  local current=""
  if lxc network show "$BRIDGE" >/dev/null 2>&1; then
    current=$(lxc network get "$BRIDGE" ipv4.address)
  fi
  if lxc storage show "$POOL" >/dev/null 2>&1 && [[ $current == "$BRIDGE_CIDR" ]]; then
    return 0
  fi
  lxd init --preseed >&2 <<PRESEED
storage_pools:
- name: ${POOL}
  driver: dir
networks:
- name: ${BRIDGE}
  type: bridge
  config:
    ipv4.address: ${BRIDGE_CIDR}
    ipv4.nat: "true"
    ipv4.dhcp: "false"
    ipv6.address: none
PRESEED
  mark "initialised LXD: pool $POOL, bridge $BRIDGE $BRIDGE_CIDR"
}

# A Debian 12 image: imported from a rootfs tarball, debootstrapped into that tarball first if absent.
ensure_image() {
  local work
  if lxc image info "$IMAGE_ALIAS" >/dev/null 2>&1; then
    return 0
  fi
  work=$(mktemp -d)
  if [[ ! -s $IMAGE_TARBALL ]]; then
    log "debootstrapping Debian 12 into $IMAGE_TARBALL"
    # unattended-upgrades in the image: every container needs it (lxd-containers.sh), and installing it
    # (Python with it) in each container took 57-75 s of the 100 s a container took on the real hosts
    debootstrap --include=systemd-sysv,iproute2,ca-certificates,unattended-upgrades bookworm "$work/rootfs" \
      http://deb.debian.org/debian >&2
    mkdir -p "$(dirname "$IMAGE_TARBALL")"
    tar -C "$work/rootfs" --numeric-owner -czf "$IMAGE_TARBALL.part" .
    mv "$IMAGE_TARBALL.part" "$IMAGE_TARBALL"
    rm -rf "$work/rootfs"
  fi
  printf 'architecture: x86_64\ncreation_date: %s\nproperties:\n  os: debian\n  release: bookworm\n  description: Debian 12 (kubelode)\n' \
    "$(date +%s)" >"$work/metadata.yaml"
  tar -C "$work" -czf "$work/meta.tar.gz" metadata.yaml
  lxc image import "$work/meta.tar.gz" "$IMAGE_TARBALL" --alias "$IMAGE_ALIAS" >&2
  rm -rf "$work"
  mark "imported image $IMAGE_ALIAS"
}

# The cluster's profile, prepared for kubelet in an unprivileged container (KEP-2033): nesting,
# /dev/kmsg, the host's kernel modules read-only, syscall interception for mknod/setxattr.
ensure_profile() {
  local desired hash kmsg=""
  if [[ -c /dev/kmsg ]]; then
    kmsg=$'  kmsg:\n    type: unix-char\n    source: /dev/kmsg\n    path: /dev/kmsg\n'
  fi
  desired=$(cat <<PROFILE
config:
  security.nesting: "true"
  security.syscalls.intercept.mknod: "true"
  security.syscalls.intercept.setxattr: "true"
  user.kubelode.cluster: ${CLUSTER_ID}
description: kubelode ${CLUSTER_ID}, unprivileged kubelet containers (KEP-2033)
devices:
  eth0:
    type: nic
    name: eth0
    network: ${BRIDGE}
  root:
    type: disk
    path: /
    pool: ${POOL}
  modules:
    type: disk
    source: /lib/modules
    path: /lib/modules
    readonly: "true"
    required: "false"
${kmsg}
PROFILE
)
  hash=$(printf '%s' "$desired" | sha256sum | cut -c1-16)
  if ! lxc profile show "$PROFILE" >/dev/null 2>&1; then
    lxc profile create "$PROFILE" >&2
  elif [[ $(lxc profile get "$PROFILE" user.kubelode.hash) == "$hash" ]]; then
    return 0
  fi
  printf '%s\n' "$desired" | lxc profile edit "$PROFILE"
  lxc profile set "$PROFILE" user.kubelode.hash "$hash"
  mark "wrote profile $PROFILE"
}

main() {
  restart_lxd=0
  ensure_packages
  ensure_root_delegation
  ensure_modules
  ensure_sysctls
  fact selinux "$(selinux_state)"
  fact apparmor "$(apparmor_state)"
  fact apparmor.parser "$(apparmor_parser --version 2>/dev/null | awk 'NR == 1 { print $NF }')"
  fact cgroup "$(stat -fc %T /sys/fs/cgroup)"
  ensure_lxd_running
  ensure_initialised
  ensure_image
  ensure_profile
  fact lxd "$(lxd --version)"
  report
}

main "$@"
