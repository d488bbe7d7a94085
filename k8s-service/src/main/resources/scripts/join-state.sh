#!/usr/bin/env bash
# kubelode: join-state.sh
# inputs: K8S_ETC ROLE
# Reports on a line of its own whether this container has joined: state=joined, state=partial
# (an init or join stopped half-way) or state=absent.
if [[ -f $K8S_ETC/kubelet.conf ]] && { [[ $ROLE == worker ]] || [[ -f $K8S_ETC/manifests/etcd.yaml ]]; }; then
  echo "state=joined"
elif [[ -f $K8S_ETC/kubelet.conf || -f $K8S_ETC/bootstrap-kubelet.conf ]] || compgen -G "$K8S_ETC/manifests/*.yaml" >/dev/null; then
  echo "state=partial"
else
  echo "state=absent"
fi
finish
