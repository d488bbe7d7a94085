# kubelode sandbox: shared by the stand-ins of kubeadm, kubelet and kubectl (/usr/lib/kubelode-standin).
# They are NOT Kubernetes' programs: Debian 12 does not package kubeadm, kubelet or kubectl and no
# registry is reachable here, so these stand in where the real ones run, and keep the cluster's
# state in the sandbox, which they reach through its door on the bridge (DOOR below).
# (KUBELODE_DOOR_FILE: a test of door() on the machine running the tests)
readonly DOOR_FILE=${KUBELODE_DOOR_FILE:-/usr/lib/kubelode-standin/door}
readonly K8S_ETC=/etc/kubernetes
# shellcheck disable=SC2034 # used by the stand-ins that source this
readonly STATE=$K8S_ETC/kubelode-standin.env

# door PATH [curl args...]: a call to the sandbox; prints its answer, or its message on stderr and fails.
# A call that never connected is made again (its request was not sent, so nothing happens twice): once in
# CI a control plane's init saw its first SYNs to the bridge unanswered for 30 s, with the mirror reached
# through the same bridge just before. What it saw is kept on stderr with the route it took.
door() {
  local path=$1 out rc code connected attempt
  shift
  for ((attempt = 1; ; attempt++)); do
    rc=0
    out=$(curl -sS --connect-timeout 10 --max-time 60 -X POST -w '\n%{http_code} %{time_connect}' "$@" \
      "$(cat "$DOOR_FILE")$path") || rc=$?
    connected=${out##* }
    code=${out##*$'\n'}
    code=${code%% *}
    out=${out%$'\n'*}
    out=${out%$'\n'} # the answer's own last newline: printed once below
    if ((rc == 0)); then
      break
    fi
    if [[ $code == 000 && $connected == 0.000000 ]] && ((attempt < 4)); then
      echo "kubelode stand-in: no connection to the sandbox at $(cat "$DOOR_FILE") (attempt $attempt, curl exit $rc); again" >&2
      sleep 1
      continue
    fi
    echo "kubelode stand-in: the sandbox at $(cat "$DOOR_FILE") did not answer (curl exit $rc after $attempt attempts;" \
      "route: $(ip -4 route get "$(door_host)" 2>&1 | head -n1))" >&2
    return 1
  done
  if [[ $code != 200 ]]; then
    printf '%s\n' "$out" >&2
    return 1
  fi
  printf '%s\n' "$out"
}

door_host() {
  local url
  url=$(cat "$DOOR_FILE")
  url=${url#http://}
  printf '%s' "${url%%[:/]*}"
}

# config_value KEY FILE: the first "KEY: value" of a kubeadm configuration
config_value() {
  sed -n "s/^[[:space:]]*$1:[[:space:]]*//p" "$2" | head -n1 | tr -d '"'
}
