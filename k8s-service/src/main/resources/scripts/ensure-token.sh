#!/usr/bin/env bash
# kubelode: ensure-token.sh
# inputs: K8S_ETC TOKEN_SECRET
# Makes the bootstrap token kubelode holds exist in the cluster (a re-minted one after expiry):
# the bootstrap-token Secret kubeadm itself would create, applied from this script's input.
readonly ADMIN="$K8S_ETC/admin.conf"
out=$(base64 -d <<<"$TOKEN_SECRET" | kubectl --kubeconfig "$ADMIN" apply -f -)
if [[ $out != *unchanged* ]]; then
  CHANGED=1
fi
finish
