#!/usr/bin/env bash
# kubelode: join-state.sh
# inputs: K8S_ETC ROLE
# Reports whether this container has joined, as the fact state on its report line: joined, partial
# (an init or join stopped half-way) or absent.
if [[ -f $K8S_ETC/kubelet.conf ]] && { [[ $ROLE == worker ]] || [[ -f $K8S_ETC/manifests/etcd.yaml ]]; }; then
  fact state joined
elif [[ -f $K8S_ETC/kubelet.conf || -f $K8S_ETC/bootstrap-kubelet.conf ]] || compgen -G "$K8S_ETC/manifests/*.yaml" >/dev/null; then
  fact state partial
else
  fact state absent
fi
finish
