#!/usr/bin/env bash
# kubelode: join.sh
# inputs: K8S_ETC ROLE KUBEADM_CONFIG
# kubeadm join of a control plane (one stacked etcd member) or a worker. A joined node is left
# alone; a node left half-joined is reset by the orchestrator (reset.sh) before this runs again.
readonly CONFIG="$K8S_ETC/kubelode/kubeadm.yaml"

if [[ -f $K8S_ETC/kubelet.conf ]] && { [[ $ROLE == worker ]] || [[ -f $K8S_ETC/manifests/etcd.yaml ]]; }; then
  finish
  exit 0
fi
if [[ -f $K8S_ETC/kubelet.conf || -f $K8S_ETC/bootstrap-kubelet.conf ]] || compgen -G "$K8S_ETC/manifests/*.yaml" >/dev/null; then
  echo "a previous kubeadm join stopped half-way: reset this node first" >&2
  exit 3
fi
umask 077
mkdir -p "$K8S_ETC/kubelode"
put_file "$CONFIG" 600 "$KUBEADM_CONFIG" || true
kubeadm join --config "$CONFIG" >&2
CHANGED=1
finish
