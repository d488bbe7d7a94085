#!/usr/bin/env bash
# kubelode: lxd-containers.sh
# inputs: CLUSTER_ID PROFILE GATEWAY PREFIX POOL IMAGE_ALIAS CONTAINERS
# kubelode lxc layer, container part: the node's two unprivileged system containers, each with
# root mapped to its role's subordinate id range (CONTAINERS: "name,role,address,start:count"; an
# LXD isolated idmap on the range lxd-host.sh delegated to root), a static address from the address plan written into the
# container (never discovered), and, where SELinux is enforcing, an SELinux context of its own.
# Each container gets AppArmor rules (LXD's raw.apparmor, rendered into the profile LXD loads for it)
# that deny the node's other container's storage and processes: a second wall wherever the kernel
# enforces AppArmor (Linode's Debian 12 does). On a kernel without AppArmor (this project's CI
# machine) LXD keeps the rules but loads nothing: there the rules are only compiled, never enforced,
# and the facts say so. Each container's apt sources are Debian's cloud-image set (bookworm,
# bookworm-updates, bookworm-security), and Debian's unattended-upgrades installs security updates
# daily (the security origin only).
# Parameters come as variables set before this text. Idempotent; last line kubelode:changed or
# kubelode:unchanged. Facts for the event follow on that last line, each
# "key=value" after a tab.
set -euo pipefail

: "${CLUSTER_ID:?}" "${PROFILE:?}" "${IMAGE_ALIAS:?}" "${GATEWAY:?}" "${PREFIX:?}" "${CONTAINERS:?}" "${POOL:?}"

export LC_ALL=C
readonly LXD_DIR=/var/lib/lxd
# The first line of every container's rules: how a profile LXD wrote is known to carry them.
readonly WALL_MARK="# kubelode wall:"
# apt sources as Debian's own cloud images have them (deb822): the release, its updates, its security suite.
readonly APT_SOURCES="Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
readonly APT_SOURCES_FILE=/etc/apt/sources.list.d/debian.sources
# The one-line sources.list of the debootstrapped image, replaced by the file above.
readonly APT_LIST="# kubelode: the sources are in ${APT_SOURCES_FILE}"
# Daily list updates and unattended upgrades (the file dpkg-reconfigure unattended-upgrades writes)...
readonly AUTO_UPGRADES='APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1";'
readonly AUTO_UPGRADES_FILE=/etc/apt/apt.conf.d/20auto-upgrades
# ...of the security suite only: Debian's 50unattended-upgrades also allows the point releases; these
# lists are cleared after it is read (52 > 50) and hold only the security origin.
# shellcheck disable=SC2016 # ${distro_codename} is unattended-upgrades' variable, not the shell's
readonly SECURITY_ONLY='#clear Unattended-Upgrade::Origins-Pattern;
#clear Unattended-Upgrade::Allowed-Origins;
Unattended-Upgrade::Origins-Pattern {
        "origin=Debian,codename=${distro_codename}-security,label=Debian-Security";
};'
readonly SECURITY_ONLY_FILE=/etc/apt/apt.conf.d/52kubelode-security-only
# what the layer's library (lxc-lib.sh) logs this script's lines as
readonly LOG_AS=lxd-containers

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

# Fails unless root has exactly the range start:count in both subid files (lxd-host.sh delegates it).
require_delegated() {
  local range=$1 file
  for file in /etc/subuid /etc/subgid; do
    if ! grep -qx "root:${range}" "$file"; then
      log "root has no range ${range/:/+} in $file (lxd-host.sh delegates it)"
      return 1
    fi
  done
}

# Creates the container if missing; refuses one whose role or map differs (never silently remaps).
ensure_container() {
  local name=$1 role=$2 range=$3 category=$4 other=$5 start size have rules
  require_delegated "$range"
  start=${range%%:*}
  size=${range##*:}
  if lxc info "$name" >/dev/null 2>&1; then
    have="$(lxc config get "$name" user.kubelode.role):$(lxc config get "$name" security.idmap.base):$(lxc config get "$name" security.idmap.size)"
    if [[ $have != "$role:$start:$size" ]]; then
      log "$name exists as role:base:size $have, not $role:$start:$size"
      return 1
    fi
  else
    lxc init "$IMAGE_ALIAS" "$name" --profile "$PROFILE" \
      -c security.idmap.isolated=true -c security.idmap.base="$start" -c security.idmap.size="$size" \
      -c user.kubelode.role="$role" -c user.kubelode.cluster="$CLUSTER_ID" >&2
    mark "created $name as $role, root mapped to $start+$size"
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
  # systemd inside must be up before its network is configured. "degraded" is up with a unit failed:
  # systemd-binfmt fails in every unprivileged container that has a binfmt.d file (python3's), since
  # binfmt_misc is not namespaced. is-system-running exits 1 then: read its word, not its status
  local state
  for _ in $(seq 1 60); do
    state=$(lxc exec "$name" -- systemctl is-system-running 2>/dev/null || true)
    if [[ $state == running || $state == degraded ]]; then
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

# Waits for the container's own apt runs (apt-daily after a boot that missed its time) to end: they
# hold apt's locks, and apt-get update does not wait for its lock. The two are oneshot services, so
# "activating" while they run.
apt_quiet() {
  local name=$1 states
  for _ in $(seq 1 300); do
    states=$(lxc exec "$name" -- systemctl is-active apt-daily.service apt-daily-upgrade.service || true)
    if ! grep -qxE 'active|activating|deactivating|reloading' <<<"$states"; then
      return 0
    fi
    sleep 1
  done
  log "$name: apt-daily kept apt busy for 300 s"
  return 1
}

in_container() {
  local name=$1
  shift
  lxc exec "$name" --env DEBIAN_FRONTEND=noninteractive --env LC_ALL=C -- "$@"
}

# Writes file $2 in container $1 with the content $3 when it differs (then sets wrote=1). Never
# called as a condition, so that errexit holds inside.
ensure_file() {
  local name=$1 file=$2 content=$3
  if [[ $(in_container "$name" cat "$file" 2>/dev/null || true) == "$content" ]]; then
    return 0
  fi
  printf '%s\n' "$content" | in_container "$name" tee "$file" >/dev/null
  wrote=1
  mark "$name: wrote $file"
}

# apt-get update in container $1, bounded: a fetch that stalls is stopped after 4 minutes and tried
# again, 3 times at most (apt-cacher-ng, the tests' package proxy, was seen to leave a client waiting
# for good after a race on an index file; a mirror can do the same).
apt_update() {
  local name=$1 attempt
  for attempt in 1 2 3; do
    if timeout 240 lxc exec "$name" --env DEBIAN_FRONTEND=noninteractive --env LC_ALL=C -- \
      apt-get -o DPkg::Lock::Timeout=300 update -qq >&2; then
      return 0
    fi
    in_container "$name" pkill -x apt-get >/dev/null 2>&1 || true
    mark "$name: apt-get update stalled or failed (attempt $attempt of 3)"
  done
  return 1
}

# Security updates: Debian's cloud-image sources, fresh lists, unattended-upgrades for the security
# origin only, and apt's daily timers that run it. Nothing is fetched when all is in place already.
ensure_security_updates() {
  local name=$1 update=0 policy wrote=0
  ensure_file "$name" "$APT_SOURCES_FILE" "$APT_SOURCES"
  ensure_file "$name" /etc/apt/sources.list "$APT_LIST"
  update=$wrote
  policy=$(in_container "$name" apt-cache policy)
  if [[ $policy != *" bookworm-security/main "* ]]; then
    update=1
  fi
  # shellcheck disable=SC2016 # ${Status} is dpkg-query's field, not the shell's
  if [[ $(in_container "$name" dpkg-query -W -f='${Status}' unattended-upgrades 2>/dev/null || true) \
    != "install ok installed" ]]; then
    apt_quiet "$name"
    apt_update "$name"
    in_container "$name" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
      unattended-upgrades >&2
    mark "$name: installed unattended-upgrades"
  elif ((update)); then
    apt_quiet "$name"
    apt_update "$name"
    mark "$name: fetched the lists of bookworm, bookworm-updates and bookworm-security"
  fi
  ensure_file "$name" "$AUTO_UPGRADES_FILE" "$AUTO_UPGRADES"
  ensure_file "$name" "$SECURITY_ONLY_FILE" "$SECURITY_ONLY"
  if ! in_container "$name" systemctl is-enabled -q apt-daily.timer apt-daily-upgrade.timer \
    || ! in_container "$name" systemctl is-active -q apt-daily.timer apt-daily-upgrade.timer; then
    in_container "$name" systemctl enable --now apt-daily.timer apt-daily-upgrade.timer >&2
    mark "$name: enabled apt's daily timers"
  fi
  policy=$(in_container "$name" apt-cache policy)
  if [[ $policy == *" bookworm-security/main "* ]]; then
    fact "updates.$name" bookworm-security
  else
    fact "updates.$name" missing
  fi
  ensure_patched "$name"
}

# The security updates apt's lists know of and the container lacks (the image may be months old).
security_pending() {
  local plan
  plan=$(in_container "$1" apt-get -s upgrade)
  grep -c '^Inst .*Debian-Security' <<<"$plan" || true
}

# A container does not wait for the daily timer with known security holes: what the lists name is
# installed now, by unattended-upgrades itself (so the security origin only, as the timer would). Not
# fatal: what it could not install is logged and reported, and the timer tries again daily.
ensure_patched() {
  local name=$1 pending left
  pending=$(security_pending "$name")
  left=$pending
  if ((pending > 0)); then
    apt_quiet "$name"
    if ! in_container "$name" unattended-upgrade >&2; then
      log "WARNING: $name: unattended-upgrade failed (see its /var/log/unattended-upgrades/)"
    fi
    left=$(security_pending "$name")
    if ((left < pending)); then
      mark "$name: installed $((pending - left)) security updates"
    fi
    if ((left > 0)); then
      log "WARNING: $name: $left security updates are still pending after unattended-upgrade"
    fi
  fi
  fact "security.pending.$name" "$left"
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
  local entry name role address range other pool_dir category=100
  selinux=$(selinux_state)
  apparmor=$(apparmor_state)
  fact selinux "$selinux"
  fact apparmor "$apparmor"
  pool_dir=$(lxc storage get "$POOL" source)
  for entry in $CONTAINERS; do
    IFS=, read -r name role address range <<<"$entry"
    other=$(for e in $CONTAINERS; do [[ ${e%%,*} == "$name" ]] || printf '%s' "${e%%,*}"; done)
    ensure_container "$name" "$role" "$range" "$category" "$other"
    ensure_running "$name"
    ensure_hostname "$name"
    ensure_address "$name" "$address"
    ensure_security_updates "$name"
    ensure_confined "$name"
    fact "uid_map.$name" "$(lxc exec "$name" -- cat /proc/self/uid_map | awk '{ print $1 ":" $2 ":" $3; exit }')"
    category=$((category + 2))
  done
  report
}

main "$@"
