# kubelode sandbox stand-in (sourced by kubeadm; needs common.sh's config_value): the checks of
# kubeadm that hold where kubelode runs it, with kubeadm's names and messages, so that kubelode's
# scripts and PKI meet them on the real hosts as they must meet the real kubeadm's (the table of
# upstream rules in k8s-service/README.md, from cmd/kubeadm/app/preflight/checks.go and
# cmd/kubeadm/app/phases/certs/certs.go):
#   init                RunInitNodeChecks: Port-<bindPort>, Port-10259, Port-10257, the four static Pod
#                       manifests absent; with local etcd Port-2379, Port-2380; the common Port-10250
#   join                RunJoinNodeChecks: manifests directory empty, kubelet.conf and
#                       bootstrap-kubelet.conf absent, the common Port-10250
#   join-control-plane  both of the above (RunInitNodeChecks with isSecondaryControlPlane), then the
#                       control-plane-prepare certs phase: an existing apiserver.crt must name the
#                       joining node (its name and advertise address) and the endpoint
# PortOpenCheck is net.Listen("tcp", ":<port>"): it fails when anything listens on the port, on any
# address. A check named by nodeRegistration.ignorePreflightErrors (or "all") is skipped. Not run:
# NumCPU, Mem, Swap, SystemVerification and the bridge sysctl (kubelode ignores them, KubeadmPlanner),
# the container runtime and image checks (there are no images here).

# The check names under ignorePreflightErrors in kubeadm's configuration CONFIG, one a line, lower case.
preflight_ignored() {
  awk '/^[[:space:]]*ignorePreflightErrors:/ { on = 1; next }
       on && /^[[:space:]]*- / { sub(/^[[:space:]]*- /, ""); gsub(/"/, ""); print tolower($0); next }
       on { on = 0 }' "$1"
}

# Whether check NAME is named in IGNORED (preflight_ignored's lines), or all are.
preflight_skipped() {
  grep -qxF -e all -e "${1,,}" <<<"$2"
}

# kubeadm_preflight PHASE CONFIG: PHASE is init, join or join-control-plane. Prints kubeadm's lines;
# exits 1 as kubeadm does when a check that is not ignored fails.
kubeadm_preflight() {
  local phase=$1 config=$2 ignored bind port file c
  local -a errors=() ports=() files=() dirs=()
  ignored=$(preflight_ignored "$config")
  bind=$(config_value bindPort "$config")
  if [[ $phase != join ]]; then
    ports+=("${bind:-6443}" 10259 10257 2379 2380)
    for c in kube-apiserver kube-controller-manager kube-scheduler etcd; do
      files+=("$K8S_ETC/manifests/$c.yaml")
    done
  fi
  if [[ $phase != init ]]; then
    dirs+=("$K8S_ETC/manifests")
    files+=("$K8S_ETC/kubelet.conf" "$K8S_ETC/bootstrap-kubelet.conf")
  fi
  ports+=(10250)
  for port in "${ports[@]}"; do
    preflight_skipped "Port-$port" "$ignored" || [[ -z $(ss -Hltn "sport = :$port") ]] || errors+=("[ERROR Port-$port]: Port $port is in use")
  done
  for file in "${files[@]}"; do
    preflight_skipped "FileAvailable-${file//\//-}" "$ignored" || [[ ! -e $file ]] || errors+=("[ERROR FileAvailable-${file//\//-}]: $file already exists")
  done
  for file in "${dirs[@]}"; do
    preflight_skipped "DirAvailable-${file//\//-}" "$ignored" || [[ -z $(ls -A "$file" 2>/dev/null) ]] \
      || errors+=("[ERROR DirAvailable-${file//\//-}]: $file is not empty")
  done
  if ((${#errors[@]})); then
    printf 'error execution phase preflight: [preflight] Some fatal errors occurred:\n' >&2
    printf '\t%s\n' "${errors[@]}" >&2
    # shellcheck disable=SC2016 # kubeadm's own backquotes
    printf '[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`\n' >&2
    exit 1
  fi
}

# kubeadm_certificate_names NAME...: the control-plane join's check of an existing API server
# certificate (certs.go: validateCertificateWithConfig, Go's VerifyHostname for every name kubeadm
# computes with the joining node's name and address). Exits 1 with kubeadm's message on the first
# name the certificate lacks.
kubeadm_certificate_names() {
  local cert=$K8S_ETC/pki/apiserver.crt name answer sans
  [[ -f $cert ]] || return 0
  for name in "$@"; do
    if [[ $name =~ ^[0-9.]+$ ]]; then
      answer=$(openssl x509 -in "$cert" -noout -checkip "$name")
    else
      answer=$(openssl x509 -in "$cert" -noout -checkhost "$name")
    fi
    if [[ $answer == *"does NOT match"* ]]; then
      sans=$(openssl x509 -in "$cert" -noout -ext subjectAltName | tail -n +2 | sed 's/^[[:space:]]*//; s/DNS://g; s/IP Address://g')
      printf 'error execution phase control-plane-prepare/certs: error creating PKI assets: failed to write or validate certificate "apiserver": certificate apiserver is invalid: x509: certificate is valid for %s, not %s\n' \
        "$sans" "$name" >&2
      exit 1
    fi
  done
}
