#!/usr/bin/env bash
# kubelode: base-role.sh
# kubelode base role for a fresh Debian node: debugging tools, SELinux tooling, and what LXD needs
# on the host. It creates no user: the two containers are LXD's, run by root, each mapped to a
# subordinate id range of its own that the lxc layer delegates to root (lxc-service/README.md,
# "Why root's LXD and not a user per container").
# Idempotent: a second run changes nothing and ends with "kubelode:unchanged".
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
export LC_ALL=C

readonly REQUIRED_PACKAGES=(curl htop tcpdump strace dnsutils iproute2 uidmap ca-certificates
  iptables nftables dnsmasq-base squashfs-tools xz-utils acl bridge-utils)
readonly OPTIONAL_PACKAGES=(selinux-utils policycoreutils selinux-basics)
readonly SYSCTL_FILE=/etc/sysctl.d/60-kubelode-lxd.conf
# its own file: the lxc layer (lxd-host.sh) owns kubelode.conf, with the longer list the containers need
readonly MODULES_FILE=/etc/modules-load.d/kubelode-base.conf

changed=0

log() { printf 'base-role: %s\n' "$*" >&2; }

installed() {
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]
}

has_candidate() {
  local candidate
  candidate=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }')
  [[ -n $candidate && $candidate != "(none)" ]]
}

ensure_packages() {
  local pkg missing=() optional=() install=()
  for pkg in "${REQUIRED_PACKAGES[@]}"; do
    installed "$pkg" || missing+=("$pkg")
  done
  for pkg in "${OPTIONAL_PACKAGES[@]}"; do
    installed "$pkg" || optional+=("$pkg")
  done
  if ((${#missing[@]} == 0 && ${#optional[@]} == 0)); then
    return 0
  fi
  apt-get update -qq >&2
  install=("${missing[@]}")
  for pkg in "${optional[@]}"; do
    if has_candidate "$pkg"; then
      install+=("$pkg")
    else
      log "optional package $pkg is not available here"
    fi
  done
  if ((${#install[@]} > 0)); then
    apt-get install -y -qq --no-install-recommends "${install[@]}" >&2
    log "installed ${install[*]}"
    changed=1
  fi
}

# Writes content to file only when it differs.
ensure_file() {
  local file=$1 content=$2
  if [[ ! -f $file ]] || [[ $(cat "$file") != "$content" ]]; then
    mkdir -p "$(dirname "$file")"
    printf '%s\n' "$content" >"$file"
    log "wrote $file"
    changed=1
    return 0
  fi
  return 1
}

ensure_lxd_host_settings() {
  local sysctls modules mod
  sysctls=$(printf '%s\n' \
    "fs.inotify.max_queued_events = 1048576" \
    "fs.inotify.max_user_instances = 1048576" \
    "fs.inotify.max_user_watches = 1048576" \
    "vm.max_map_count = 262144" \
    "kernel.keys.maxkeys = 2000" \
    "net.ipv4.ip_forward = 1" \
    "net.ipv4.neigh.default.gc_thresh3 = 8192")
  if ensure_file "$SYSCTL_FILE" "$sysctls"; then
    # A node that is itself a container may not own every key; the file still applies on the next boot.
    sysctl -q -p "$SYSCTL_FILE" >&2 || log "some sysctl keys could not be applied now"
  fi
  modules=$(printf '%s\n' overlay br_netfilter veth)
  if ensure_file "$MODULES_FILE" "$modules"; then
    for mod in overlay br_netfilter veth; do
      modprobe "$mod" 2>/dev/null || log "module $mod could not be loaded now"
    done
  fi
}

main() {
  ensure_packages
  ensure_lxd_host_settings
  if ((changed)); then
    echo "kubelode:changed"
  else
    echo "kubelode:unchanged"
  fi
}

main "$@"
