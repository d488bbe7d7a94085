# kubelode sandbox: shared by the stand-ins of kubeadm, kubelet and kubectl (/usr/lib/kubelode-standin).
# They are NOT Kubernetes' programs: Debian 12 does not package kubeadm, kubelet or kubectl and no
# registry is reachable here, so these stand in where the real ones run, and keep the cluster's
# state in the sandbox, which they reach through its door on the bridge (DOOR below).
readonly DOOR_FILE=/usr/lib/kubelode-standin/door
readonly K8S_ETC=/etc/kubernetes
# shellcheck disable=SC2034 # used by the stand-ins that source this
readonly STATE=$K8S_ETC/kubelode-standin.env

# door PATH [curl args...]: a call to the sandbox; prints its answer, or its message on stderr and fails
door() {
  local path=$1 out code
  shift
  if ! out=$(curl -sS --max-time 30 -X POST -w '\n%{http_code}' "$@" "$(cat "$DOOR_FILE")$path"); then
    echo "kubelode stand-in: the sandbox at $(cat "$DOOR_FILE") did not answer" >&2
    return 1
  fi
  code=${out##*$'\n'}
  out=${out%$'\n'*}
  if [[ $code != 200 ]]; then
    printf '%s\n' "$out" >&2
    return 1
  fi
  printf '%s\n' "$out"
}

# config_value KEY FILE: the first "KEY: value" of a kubeadm configuration
config_value() {
  sed -n "s/^[[:space:]]*$1:[[:space:]]*//p" "$2" | head -n1 | tr -d '"'
}
