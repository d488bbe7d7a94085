#!/usr/bin/env bash
# kubelode: prepare-container.sh
# inputs: K8S_VERSION K8S_REPO CONTAINERD_PACKAGE CONTAINERD_VERSION CONTAINERD_REPO ENDPOINT_NAME CONTAINERD_CONFIG HAPROXY_CONFIG CNI_CONFIG SYSCTL_CONFIG
# Installs the pinned container runtime (containerd.io from Docker's repository, or Debian's
# containerd: CONTAINERD_PACKAGE) and kubeadm/kubelet/kubectl of the cluster's version,
# the local API load balancer and the CNI network, in one (master or worker) container.
export DEBIAN_FRONTEND=noninteractive
# Every install is --no-install-recommends: the recommends (criu and python3-protobuf for runc, gnupg's
# whole suite for gpg, nftables, publicsuffix, ...) made 47 packages of the 27 needed, none of them used.
readonly KEYRING=/etc/apt/keyrings/kubernetes-apt-keyring.gpg
readonly REPO=$K8S_REPO

# The pins below are "<package>=${K8S_VERSION}-*" (pkgs.k8s.io adds a revision: 1.36.1-1.1): the
# version is MAJOR.MINOR.PATCH, digits only, or apt would be asked for "kubelet=v1.36.1-*".
if [[ ! $K8S_VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "kubelode: K8S_VERSION must be MAJOR.MINOR.PATCH, digits only (no leading v), was '${K8S_VERSION}'" >&2
  exit 2
fi

installed_version() {
  dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true
}

# The container's own apt runs (apt-daily and the security upgrades the lxc layer enables, after a boot
# that missed their time) hold apt's locks, and apt-get update does not wait for its lock: wait for
# them to end first (oneshot services: "activating" while they run), then let dpkg wait for its own.
wait_for_apt() {
  local i states
  for ((i = 0; i < 600; i++)); do
    states=$(systemctl is-active apt-daily.service apt-daily-upgrade.service 2>/dev/null || true)
    if ! grep -qxE 'active|activating|deactivating|reloading' <<<"$states"; then
      return 0
    fi
    sleep 1
  done
  echo "kubelode: apt-daily still running after 600 s" >&2
}

ensure_repository() {
  local line="deb [signed-by=${KEYRING}] ${REPO} /"
  if [[ ! -s $KEYRING ]] || [[ ! -f /etc/apt/sources.list.d/kubernetes.list ]] || [[ $(cat /etc/apt/sources.list.d/kubernetes.list) != "$line" ]]; then
    if ! command -v curl >/dev/null || ! command -v gpg >/dev/null; then
      apt-get update -q
      apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends ca-certificates curl gpg
    fi
    mkdir -p "$(dirname "$KEYRING")"
    curl -fsSL "${REPO}Release.key" | gpg --batch --yes --dearmor -o "$KEYRING"
    echo "$line" >/etc/apt/sources.list.d/kubernetes.list
    apt-get update -q
    CHANGED=1
  fi
}

# Docker's apt repository when containerd comes from there (CONTAINERD_REPO set; its key is at
# <repository>gpg), for the codename of this Debian; nothing when it is Debian's own containerd.
ensure_containerd_repository() {
  [[ -n $CONTAINERD_REPO ]] || return 0
  local keyring=/etc/apt/keyrings/containerd-apt-keyring.gpg list=/etc/apt/sources.list.d/containerd.list codename line
  codename=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release)
  line="deb [signed-by=${keyring}] ${CONTAINERD_REPO} ${codename} stable"
  if [[ ! -s $keyring ]] || [[ ! -f $list ]] || [[ $(cat "$list") != "$line" ]]; then
    if ! command -v curl >/dev/null || ! command -v gpg >/dev/null; then
      apt-get update -q
      apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends ca-certificates curl gpg
    fi
    mkdir -p "$(dirname "$keyring")"
    curl -fsSL "${CONTAINERD_REPO}gpg" | gpg --batch --yes --dearmor -o "$keyring"
    echo "$line" >"$list"
    apt-get update -q
    CHANGED=1
  fi
}

ensure_packages() {
  local want=()
  # CONTAINERD_VERSION is an apt version pattern (2.3.*): matched as a glob, pinned as such
  # shellcheck disable=SC2053
  [[ $(installed_version "$CONTAINERD_PACKAGE") == $CONTAINERD_VERSION ]] || want+=("${CONTAINERD_PACKAGE}=${CONTAINERD_VERSION}")
  for p in kubelet kubeadm kubectl; do
    [[ $(installed_version "$p") == "${K8S_VERSION}-"* ]] || want+=("${p}=${K8S_VERSION}-*")
  done
  for p in haproxy containernetworking-plugins conntrack; do
    [[ -n $(installed_version "$p") ]] || want+=("$p")
  done
  if ((${#want[@]})); then
    # both containerd packages: containerd.io replaces Debian's containerd and runc (Conflicts)
    apt-mark unhold kubelet kubeadm kubectl containerd containerd.io >/dev/null 2>&1 || true
    apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends --allow-downgrades --allow-change-held-packages "${want[@]}"
    apt-mark hold kubelet kubeadm kubectl "$CONTAINERD_PACKAGE" >/dev/null
    CHANGED=1
  fi
}

ensure_files() {
  if put_file /etc/containerd/config.toml 644 "$CONTAINERD_CONFIG"; then
    systemctl restart containerd
  fi
  if put_file /etc/haproxy/haproxy.cfg 644 "$HAPROXY_CONFIG"; then
    systemctl restart haproxy
  fi
  put_file /etc/cni/net.d/10-kubelode.conflist 644 "$CNI_CONFIG" || true
  if put_file /etc/sysctl.d/99-kubelode.conf 644 "$SYSCTL_CONFIG"; then
    sysctl -q -p /etc/sysctl.d/99-kubelode.conf || true
  fi
  if ! grep -qE "^127\.0\.0\.1[[:space:]]+${ENDPOINT_NAME//./\\.}\$" /etc/hosts; then
    echo "127.0.0.1 ${ENDPOINT_NAME}" >>/etc/hosts
    CHANGED=1
  fi
}

ensure_services() {
  local unit
  for unit in containerd haproxy kubelet; do
    if ! systemctl is-enabled -q "$unit"; then
      systemctl enable -q "$unit"
      CHANGED=1
    fi
  done
  for unit in containerd haproxy; do
    if ! systemctl is-active -q "$unit"; then
      systemctl start "$unit"
      CHANGED=1
    fi
  done
}

wait_for_apt
ensure_repository
ensure_containerd_repository
ensure_packages
ensure_files
ensure_services
finish
