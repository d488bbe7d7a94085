#!/usr/bin/env bash
# kubelode: init.sh
# inputs: K8S_ETC KUBEADM_CONFIG
# kubeadm init on the first control plane. The CAs, the service-account keys and the API server
# certificate kubelode minted are already in place, so their phases are skipped (InitConfiguration
# skipPhases) and kubeadm signs only the per-node certificates with the CAs it finds. A node left
# half-initialised is reset by the orchestrator (reset.sh) before this runs again.
readonly CONFIG="$K8S_ETC/kubelode/kubeadm.yaml"

if [[ -f $K8S_ETC/admin.conf && -f $K8S_ETC/kubelet.conf && -f $K8S_ETC/manifests/kube-apiserver.yaml ]]; then
  finish
  exit 0
fi
if compgen -G "$K8S_ETC/manifests/*.yaml" >/dev/null; then
  echo "a previous kubeadm init stopped half-way: reset this node first" >&2
  exit 3
fi
umask 077
mkdir -p "$K8S_ETC/kubelode"
put_file "$CONFIG" 600 "$KUBEADM_CONFIG" || true
kubeadm init --config "$CONFIG" >&2
CHANGED=1
finish
