#!/usr/bin/env bash
# kubelode: etcd-remove-member.sh
# inputs: K8S_ETC NODE_NAME MEMBER_PEER_URL
# On the first control plane: removes the etcd member whose peer URL is MEMBER_PEER_URL, if there
# is one. The orchestrator runs it only for a node that has not joined, so the member is a
# leftover of a join that failed half-way (kubeadm #2095), and the re-join can add it afresh.
readonly ADMIN="$K8S_ETC/admin.conf"
etcdctl() {
  kubectl --kubeconfig "$ADMIN" -n kube-system exec "etcd-${NODE_NAME}" -- etcdctl \
    --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt \
    --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt \
    --key=/etc/kubernetes/pki/etcd/healthcheck-client.key "$@"
}

if [[ -f $ADMIN ]]; then
  members=$(etcdctl member list)
  id=$(awk -F', ' -v url="$MEMBER_PEER_URL" '$4 == url { print $1 }' <<<"$members")
  if [[ -n $id ]]; then
    etcdctl member remove "$id" >&2
    CHANGED=1
  fi
fi
finish
