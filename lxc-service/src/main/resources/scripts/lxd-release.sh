#!/usr/bin/env bash
# kubelode: lxd-release.sh
# inputs: PROFILE BRIDGE CONTAINERS
# kubelode lxc layer, compensation: deletes the node's two containers, the cluster's profile and
# the node's container bridge. Safe when they never existed, or LXD was never installed.
# Last line kubelode:changed or kubelode:unchanged.
set -euo pipefail

: "${PROFILE:?}" "${BRIDGE:?}" "${CONTAINERS:?}"

export LC_ALL=C
# what the layer's library (lxc-lib.sh) logs this script's lines as
readonly LOG_AS=lxd-release

main() {
  local entry name
  if ! command -v lxc >/dev/null 2>&1 || ! command -v lxd >/dev/null 2>&1; then
    log "LXD is not installed: nothing to release"
    report
    return 0
  fi
  lxd waitready --timeout 60
  for entry in $CONTAINERS; do
    name=${entry%%,*}
    if lxc info "$name" >/dev/null 2>&1; then
      lxc delete --force "$name" >&2
      log "deleted container $name"
      changed=1
    fi
  done
  if lxc profile show "$PROFILE" >/dev/null 2>&1; then
    lxc profile delete "$PROFILE" >&2
    log "deleted profile $PROFILE"
    changed=1
  fi
  if lxc network show "$BRIDGE" >/dev/null 2>&1; then
    lxc network delete "$BRIDGE" >&2
    log "deleted network $BRIDGE"
    changed=1
  fi
  report
}

main "$@"
