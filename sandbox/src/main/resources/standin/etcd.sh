# kubelode sandbox: etcd, sourced by the stand-ins of kubeadm, kubelet and kubectl. Unlike
# kube-apiserver, etcd here is real: Debian's etcd-server stands in only for the registry image
# kubeadm's static Pod would run. kubeadm's etcd steps are done as kubeadm does them: the node's
# etcd certificates made on the node from the cluster's etcd CA (its certs phase: server and peer
# for the node's name, address and localhost, the health-check client), the first member started
# alone, every further one added (etcdctl member add) before it starts with the cluster it was
# told, and a reset member removed from the cluster. The kubelet stand-in runs it (a static Pod).
# shellcheck disable=SC2034 # used by the stand-ins that source this
readonly ETCD_PKI=$K8S_ETC/pki/etcd
readonly ETCD_ENV=$K8S_ETC/kubelode-etcd.env
readonly ETCD_DATA=/var/lib/etcd
readonly ETCD_LOG=/var/log/kubelode-etcd.log

# etcdctl_at ENDPOINTS ARGS...: etcdctl as the health-check client, as kubeadm's etcd client is
etcdctl_at() {
  local endpoints=$1
  shift
  ETCDCTL_API=3 etcdctl --endpoints="$endpoints" --cacert="$ETCD_PKI/ca.crt" \
    --cert="$ETCD_PKI/healthcheck-client.crt" --key="$ETCD_PKI/healthcheck-client.key" --dial-timeout=5s "$@"
}

# Debian's etcd (the stand-in of the etcd image). Its package starts a single-node etcd.service of
# its own on installation: kept from starting, and disabled.
etcd_binaries() {
  if command -v etcd >/dev/null && command -v etcdctl >/dev/null; then
    return 0
  fi
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  local status=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 \
    etcd-server etcd-client >&2 || status=$?
  rm -f /usr/sbin/policy-rc.d
  systemctl disable -q --now etcd 2>/dev/null || true
  return "$status"
}

# etcd_cert NAME CN EXTENDED_USAGE [SANS]: a leaf of the etcd CA, kept when it exists (as kubeadm keeps them)
etcd_cert() {
  local name=$1 cn=$2 usage=$3 sans=${4:-} ext
  [[ ! -f $ETCD_PKI/$name.crt ]] || return 0
  ext=$(mktemp)
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=%s\n' \
    "$usage" >"$ext"
  [[ -z $sans ]] || printf 'subjectAltName=%s\n' "$sans" >>"$ext"
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$ETCD_PKI/$name.key")
  openssl req -new -key "$ETCD_PKI/$name.key" -subj "/CN=$cn" |
    openssl x509 -req -CA "$ETCD_PKI/ca.crt" -CAkey "$ETCD_PKI/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
      -days 365 -extfile "$ext" -out "$ETCD_PKI/$name.crt" 2>/dev/null
  rm -f "$ext"
}

# etcd_certs NODE ADDRESS: kubeadm's etcd/server, etcd/peer and etcd/healthcheck-client
etcd_certs() {
  local sans="DNS:$1,DNS:localhost,IP:$2,IP:127.0.0.1,IP:0:0:0:0:0:0:0:1"
  if [[ ! -f $ETCD_PKI/ca.key ]]; then
    echo "error execution phase certs/etcd-server: couldn't load $ETCD_PKI/ca.key: no such file or directory" >&2
    return 1
  fi
  etcd_cert server "$1" serverAuth,clientAuth "$sans"
  etcd_cert peer "$1" serverAuth,clientAuth "$sans"
  etcd_cert healthcheck-client kube-etcd-healthcheck-client clientAuth
}

# etcd_configure NODE ADDRESS INITIAL_CLUSTER STATE: what the static Pod's command line would say
etcd_configure() {
  umask 077
  printf 'ETCD_NODE=%s\nETCD_ADDRESS=%s\nETCD_INITIAL_CLUSTER=%s\nETCD_INITIAL_CLUSTER_STATE=%s\n' "$@" >"$ETCD_ENV"
}

# etcd_run: the static Pod's command (the kubelet stand-in starts it)
etcd_run() {
  # shellcheck source=/dev/null
  source "$ETCD_ENV"
  exec etcd --name="$ETCD_NODE" --data-dir="$ETCD_DATA" \
    --listen-client-urls="https://127.0.0.1:2379,https://$ETCD_ADDRESS:2379" \
    --advertise-client-urls="https://$ETCD_ADDRESS:2379" \
    --listen-peer-urls="https://$ETCD_ADDRESS:2380" --initial-advertise-peer-urls="https://$ETCD_ADDRESS:2380" \
    --initial-cluster="$ETCD_INITIAL_CLUSTER" --initial-cluster-state="$ETCD_INITIAL_CLUSTER_STATE" \
    --client-cert-auth --trusted-ca-file="$ETCD_PKI/ca.crt" \
    --cert-file="$ETCD_PKI/server.crt" --key-file="$ETCD_PKI/server.key" \
    --peer-client-cert-auth --peer-trusted-ca-file="$ETCD_PKI/ca.crt" \
    --peer-cert-file="$ETCD_PKI/peer.crt" --peer-key-file="$ETCD_PKI/peer.key" \
    --snapshot-count=10000 >>"$ETCD_LOG" 2>&1
}

# etcd_wait_healthy: kubeadm's "[etcd] Waiting for the new etcd member to join the cluster"
etcd_wait_healthy() {
  local i
  for ((i = 0; i < 120; i++)); do
    if etcdctl_at https://127.0.0.1:2379 endpoint health >/dev/null 2>&1; then
      return 0
    fi
    sleep 1
  done
  echo "error execution phase etcd: the local etcd member did not become healthy: $(tail -n 5 "$ETCD_LOG" 2>/dev/null)" >&2
  return 1
}
