#!/bin/sh
# Ships one directory to the home server's rsync daemon over the WireGuard tunnel.
# Files deleted on the cluster stay at home (no --delete): the home copy is an archive.
set -eu
: "${SOURCE_DIR:?SOURCE_DIR names the directory to ship}"
: "${TARGET_URL:?TARGET_URL is rsync://<home mesh address>:<port>/<module>/<cluster>/<app>/<name>}"
if [ ! -d "$SOURCE_DIR" ]; then
  echo "nothing to back up: $SOURCE_DIR does not exist" >&2
  exit 1
fi
changes=$(rsync --archive --numeric-ids --timeout=300 --mkpath --itemize-changes "$SOURCE_DIR"/ "$TARGET_URL"/)
if [ -n "$changes" ]; then
  printf '%s\n' "$changes" | wc -l | sed 's/^ */shipped entries: /'
  echo "kubelode:changed"
else
  echo "kubelode:unchanged"
fi
