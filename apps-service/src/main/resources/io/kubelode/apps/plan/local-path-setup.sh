#!/bin/sh
# local-path-provisioner helper: create the directory of a new volume on the node.
set -eu
: "${VOL_DIR:?VOL_DIR is set by the provisioner}"
if [ -d "$VOL_DIR" ]; then
  echo "kubelode:unchanged"
else
  mkdir -p "$VOL_DIR"
  chmod 0777 "$VOL_DIR"
  echo "kubelode:changed"
fi
