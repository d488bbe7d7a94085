#!/bin/sh
# Copies one backup from the home server's rsync daemon back into a volume (or a staging dir).
# Run only while the app's workload is scaled to zero (see apps-service/README.md).
set -eu
: "${SOURCE_URL:?SOURCE_URL is rsync://<home mesh address>:<port>/<module>/<cluster>/<app>/<name>}"
: "${TARGET_DIR:?TARGET_DIR names the directory to fill}"
mkdir -p "$TARGET_DIR"
changes=$(rsync --archive --numeric-ids --timeout=300 --itemize-changes "$SOURCE_URL"/ "$TARGET_DIR"/)
if [ -n "$changes" ]; then
  echo "kubelode:changed"
else
  echo "kubelode:unchanged"
fi
