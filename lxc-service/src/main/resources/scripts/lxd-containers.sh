#!/usr/bin/env bash
# kubelode lxc layer, container part: the node's two unprivileged system containers, each with
# root mapped to its own user's subordinate id range (LXD isolated idmap whose base is the
# user's /etc/subuid start), a static address from the address plan written into the
# container (never discovered), and, where SELinux is enforcing, an SELinux context of its own.
# Each container gets AppArmor rules (LXD's raw.apparmor, rendered into the profile LXD loads for it)
# that deny the node's other container's storage and processes: a second wall wherever the kernel
# enforces AppArmor (Linode's Debian 12 does). On a kernel without AppArmor (this project's CI
# machine) LXD keeps the rules but loads nothing: there the rules are only compiled, never enforced,
# and the facts say so.
# Parameters come as variables set before this text. Idempotent; last line kubelode:changed or
# kubelode:unchanged. Facts for the event are printed as "kubelode:fact key=value".
set -euo pipefail

: "${CLUSTER_ID:?}" "${PROFILE:?}" "${IMAGE_ALIAS:?}" "${GATEWAY:?}" "${PREFIX:?}" "${CONTAINERS:?}" "${POOL:?}"

export LC_ALL=C
readonly LXD_DIR=/var/lib/lxd
# The first line of every container's rules: how a profile LXD wrote is known to carry them.
readonly WALL_MARK="# kubelode wall:"
changed=0
log() { printf 'lxd-containers: %s\n' "$*" >&2; }
fact() { printf 'kubelode:fact %s=%s\n' "$1" "$2"; }
mark() { changed=1; log "$*"; }

selinux_state() {
  if command -v getenforce >/dev/null 2>&1; then
    getenforce | tr '[:upper:]' '[:lower:]'
  elif [[ -r /sys/fs/selinux/enforce ]]; then
    if [[ $(cat /sys/fs/selinux/enforce) == 1 ]]; then echo enforcing; else echo permissive; fi
  else
    echo disabled
  fi
}

apparmor_state() {
  if [[ $(cat /sys/module/apparmor/parameters/enabled 2>/dev/null || true) == Y ]] \
    && [[ -d /sys/kernel/security/apparmor ]]; then
    echo enabled
  else
    echo unavailable
  fi
}

# The AppArmor rules of container $1 against the node's other container $2, which LXD appends to the
# profile it generates for $1 (lxd-<name>_<$LXD_DIR>, with attach_disconnected, so a process that
# escaped the container's mount namespace is mediated by host paths): nothing confined as $1 reads,
# writes, maps, links, locks or runs anything under $2's storage (root file system, snapshots), its
# devices and logs, and it may not trace, read (/proc/<pid>/mem, environ, fd) or signal $2's
# processes (LXD's label for them starts lxd-$2_). Deny rules win over the profile's broad allows
# (file, ptrace, signal). Inside $1 none of these paths exist, so the container itself loses nothing.
wall_rules() {
  local self=$1 other=$2 pool_dir=$3 dir
  printf '%s %s may not touch %s\n' "$WALL_MARK" "$self" "$other"
  for dir in "$pool_dir/containers/$other" "$pool_dir/containers-snapshots/$other" "$LXD_DIR/containers/$other" \
    "$LXD_DIR/snapshots/$other" "$LXD_DIR/devices/$other" "$LXD_DIR/shmounts/$other" "/var/log/lxd/$other"; do
    printf 'deny %s/ rwklmx,\ndeny %s/** rwklmx,\n' "$dir" "$dir"
  done
  printf 'deny ptrace peer=lxd-%s_**,\n' "$other"
  printf 'deny signal peer=lxd-%s_**,\n' "$other"
}

# Compiles the rules as AppArmor's parser would inside LXD's profile (-Q: parse and compile only,
# -K: no cache; neither needs the kernel), so rules the parser refuses never reach LXD: on a kernel
# with AppArmor LXD would refuse them itself, on one without it would keep them unchecked.
check_rules() {
  local name=$1 rules=$2 out
  if ! command -v apparmor_parser >/dev/null 2>&1; then
    log "apparmor_parser is missing (lxd-host.sh installs the apparmor package)"
    return 1
  fi
  if ! out=$(printf 'profile kubelode-check-%s {\n%s\n}\n' "$name" "$rules" | apparmor_parser -Q -K 2>&1); then
    log "the AppArmor rules of $name do not compile: $out"
    return 1
  fi
}

range_of() {
  local file=$1 user=$2
  if [[ $(grep -c "^${user}:" "$file" || true) -ne 1 ]]; then
    log "$user needs exactly one range in $file (the base role sets it)"
    return 1
  fi
  grep "^${user}:" "$file" | cut -d: -f2,3
}

# Creates the container if missing; refuses one whose owner or map differs (never silently remaps).
ensure_container() {
  local name=$1 owner=$2 category=$3 other=$4 uid gid start size have rules
  uid=$(range_of /etc/subuid "$owner")
  gid=$(range_of /etc/subgid "$owner")
  if [[ $uid != "$gid" ]]; then
    log "$owner has subuid $uid but subgid $gid; an isolated LXD map needs them equal"
    return 1
  fi
  start=${uid%%:*}
  size=${uid##*:}
  if lxc info "$name" >/dev/null 2>&1; then
    have="$(lxc config get "$name" user.kubelode.owner):$(lxc config get "$name" security.idmap.base):$(lxc config get "$name" security.idmap.size)"
    if [[ $have != "$owner:$start:$size" ]]; then
      log "$name exists as owner:base:size $have, not $owner:$start:$size"
      return 1
    fi
  else
    lxc init "$IMAGE_ALIAS" "$name" --profile "$PROFILE" \
      -c security.idmap.isolated=true -c security.idmap.base="$start" -c security.idmap.size="$size" \
      -c user.kubelode.owner="$owner" -c user.kubelode.cluster="$CLUSTER_ID" >&2
    mark "created $name for $owner, root mapped to $start+$size"
  fi
  if [[ $selinux == enforcing ]]; then
    ensure_config "$name" raw.lxc "lxc.selinux.context = system_u:system_r:container_t:s0:c${category},c$((category + 1))"
  fi
  rules=$(wall_rules "$name" "$other" "$pool_dir")
  check_rules "$name" "$rules"
  ensure_config "$name" raw.apparmor "$rules"
  fact "idmap.$name" "$start:$size"
}

ensure_config() {
  local name=$1 key=$2 value=$3
  if [[ $(lxc config get "$name" "$key") != "$value" ]]; then
    lxc config set "$name" "$key" "$value"
    mark "set $key of $name"
    if [[ $(lxc list "$name" -c s --format csv) == RUNNING ]]; then
      lxc restart "$name" >&2
    fi
  fi
}

ensure_running() {
  local name=$1
  if [[ $(lxc list "$name" -c s --format csv) != RUNNING ]]; then
    lxc start "$name" >&2
    mark "started $name"
  fi
  # systemd inside must be up before its network is configured
  for _ in $(seq 1 60); do
    if lxc exec "$name" -- systemctl is-system-running 2>/dev/null | grep -qE 'running|degraded'; then
      return 0
    fi
    sleep 1
  done
  log "$name did not finish booting within 60 s"
  return 1
}

# Static address from the plan with ifupdown (networkd would wait for a udev that an LXD
# container with a writable /sys never runs); DNS the host uses.
ensure_address() {
  local name=$1 address=$2 stanza resolv
  stanza=$(printf 'auto eth0\niface eth0 inet static\n    address %s/%s\n    gateway %s\n' "$address" "$PREFIX" "$GATEWAY")
  resolv=$(grep -E '^nameserver ' /etc/resolv.conf | grep -v ' 127\.' || echo "nameserver 1.1.1.1")
  if [[ $(lxc exec "$name" -- cat /etc/network/interfaces.d/kubelode-eth0 2>/dev/null || true) == "$stanza" ]] \
    && lxc exec "$name" -- ip -4 -o addr show dev eth0 | grep -q " ${address}/${PREFIX} "; then
    return 0
  fi
  printf '%s\n' "$stanza" | lxc exec "$name" -- tee /etc/network/interfaces.d/kubelode-eth0 >/dev/null
  printf '%s\n' "$resolv" | lxc exec "$name" -- tee /etc/resolv.conf >/dev/null
  lxc exec "$name" -- ifdown --force eth0 >/dev/null 2>&1 || true
  lxc exec "$name" -- ip -4 addr flush dev eth0
  lxc exec "$name" -- ifup eth0 >&2
  if lxc exec "$name" -- ip -4 -o addr show dev eth0 | grep -q " ${address}/${PREFIX} "; then
    mark "$name has $address/$PREFIX via $GATEWAY"
    return 0
  fi
  log "$name did not take $address/$PREFIX"
  return 1
}

# The container's own name, also after a reboot (the image carries the build host's /etc/hostname).
ensure_hostname() {
  local name=$1
  if [[ $(lxc exec "$name" -- cat /etc/hostname) != "$name" ]] || [[ $(lxc exec "$name" -- hostname) != "$name" ]]; then
    printf '%s\n' "$name" | lxc exec "$name" -- tee /etc/hostname >/dev/null
    lxc exec "$name" -- hostname "$name"
    mark "$name is named $name"
  fi
}

# Which AppArmor profile confines the container's init: "enforce" when it is LXD's profile for the
# container, in enforce mode, and that profile carries the kubelode rules; otherwise what was found
# ("unavailable" without AppArmor in the kernel). A container started before LXD could confine it
# (the parser installed later) is restarted once to be confined.
apparmor_of() {
  local name=$1 pid label
  if [[ $apparmor != enabled ]]; then
    echo unavailable
    return 0
  fi
  pid=$(lxc info "$name" | awk '/^PID:/ { print $2 }')
  label=$(cat "/proc/$pid/attr/apparmor/current" 2>/dev/null || cat "/proc/$pid/attr/current" 2>/dev/null || true)
  if [[ $label == "lxd-${name}_<${LXD_DIR}>"*"(enforce)" ]] \
    && grep -qF "$WALL_MARK $name " "$LXD_DIR/security/apparmor/profiles/lxd-$name" 2>/dev/null; then
    echo enforce
  elif [[ -z $label ]]; then
    echo unknown
  else
    printf '%s\n' "${label// /_}"
  fi
}

ensure_confined() {
  local name=$1 state
  state=$(apparmor_of "$name")
  if [[ $apparmor == enabled ]] && [[ $state != enforce ]]; then
    log "$name runs as AppArmor '$state', not confined by its profile: restarting it"
    lxc restart "$name" >&2
    mark "restarted $name to be confined by its AppArmor profile"
    ensure_running "$name"
    state=$(apparmor_of "$name")
  fi
  fact "apparmor.$name" "$state"
}

main() {
  local entry name owner address other pool_dir category=100
  selinux=$(selinux_state)
  apparmor=$(apparmor_state)
  fact selinux "$selinux"
  fact apparmor "$apparmor"
  pool_dir=$(lxc storage get "$POOL" source)
  for entry in $CONTAINERS; do
    IFS=, read -r name owner address <<<"$entry"
    other=$(for e in $CONTAINERS; do [[ ${e%%,*} == "$name" ]] || printf '%s' "${e%%,*}"; done)
    ensure_container "$name" "$owner" "$category" "$other"
    ensure_running "$name"
    ensure_hostname "$name"
    ensure_address "$name" "$address"
    ensure_confined "$name"
    fact "uid_map.$name" "$(lxc exec "$name" -- cat /proc/self/uid_map | awk '{ print $1 ":" $2 ":" $3; exit }')"
    category=$((category + 2))
  done
  if ((changed)); then echo "kubelode:changed"; else echo "kubelode:unchanged"; fi
}

main "$@"
