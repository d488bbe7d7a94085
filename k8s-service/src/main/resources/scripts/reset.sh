#!/usr/bin/env bash
# kubelode: reset.sh
# inputs: K8S_ETC ETCD_DATA CRI_SOCKET
# Undoes everything the k8s layer did in this container. Safe when init or join never ran.
if command -v kubeadm >/dev/null 2>&1 && { [[ -d $K8S_ETC/manifests ]] || [[ -f $K8S_ETC/kubelet.conf ]] || [[ -f $K8S_ETC/bootstrap-kubelet.conf ]]; }; then
  # on a control plane this also removes the node's own etcd member while the cluster answers
  kubeadm reset -f --cri-socket "$CRI_SOCKET" >&2
  CHANGED=1
fi
for path in "$K8S_ETC" "$ETCD_DATA" /etc/cni/net.d/10-kubelode.conflist /var/lib/cni/networks/kubelode; do
  if [[ -e $path ]]; then
    rm -rf "$path"
    CHANGED=1
  fi
done
if command -v ip >/dev/null 2>&1 && ip link show cni0 >/dev/null 2>&1; then
  ip link delete cni0
  CHANGED=1
fi
finish
