#!/bin/sh
# Gitea init: write app.ini from GITEA__* variables, migrate the database, and create the
# generated admin account once (a rerun finds it and changes nothing).
set -eu
: "${ADMIN_USER:?}" "${ADMIN_PASSWORD:?}" "${ADMIN_EMAIL:?}"
environment-to-ini
gitea migrate
if gitea admin user list --admin | awk 'NR > 1 { print $2 }' | grep -qx "$ADMIN_USER"; then
  echo "kubelode:unchanged"
else
  gitea admin user create --admin --username "$ADMIN_USER" --password "$ADMIN_PASSWORD" \
    --email "$ADMIN_EMAIL" --must-change-password=false
  echo "kubelode:changed"
fi
