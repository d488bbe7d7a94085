#!/bin/sh
# local-path-provisioner helper: remove the directory of a deleted volume from the node.
set -eu
: "${VOL_DIR:?VOL_DIR is set by the provisioner}"
case "$VOL_DIR" in
  /opt/local-path-provisioner/?*) ;;
  *) echo "refusing to remove $VOL_DIR: outside /opt/local-path-provisioner" >&2; exit 1 ;;
esac
if [ -e "$VOL_DIR" ]; then
  rm -rf "$VOL_DIR"
  echo "kubelode:changed"
else
  echo "kubelode:unchanged"
fi
