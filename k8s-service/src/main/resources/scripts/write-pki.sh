#!/usr/bin/env bash
# kubelode: write-pki.sh
# inputs: K8S_ETC CA_CRT CA_KEY ETCD_CA_CRT ETCD_CA_KEY FRONT_PROXY_CA_CRT FRONT_PROXY_CA_KEY SA_KEY SA_PUB APISERVER_CRT APISERVER_KEY APISERVER_PATCH
# Places the PKI kubelode minted and the static Pod patches in a
# control-plane container. Every secret arrives inside this script, on standard input.
umask 077
mkdir -p "$K8S_ETC/pki/etcd" "$K8S_ETC/kubelode" "$K8S_ETC/kubelode-patches"
put_file "$K8S_ETC/pki/ca.crt" 644 "$CA_CRT" || true
put_file "$K8S_ETC/pki/ca.key" 600 "$CA_KEY" || true
put_file "$K8S_ETC/pki/etcd/ca.crt" 644 "$ETCD_CA_CRT" || true
put_file "$K8S_ETC/pki/etcd/ca.key" 600 "$ETCD_CA_KEY" || true
put_file "$K8S_ETC/pki/front-proxy-ca.crt" 644 "$FRONT_PROXY_CA_CRT" || true
put_file "$K8S_ETC/pki/front-proxy-ca.key" 600 "$FRONT_PROXY_CA_KEY" || true
put_file "$K8S_ETC/pki/sa.key" 600 "$SA_KEY" || true
put_file "$K8S_ETC/pki/sa.pub" 644 "$SA_PUB" || true
put_file "$K8S_ETC/pki/apiserver.crt" 644 "$APISERVER_CRT" || true
put_file "$K8S_ETC/pki/apiserver.key" 600 "$APISERVER_KEY" || true
put_file "$K8S_ETC/kubelode-patches/kube-apiserver+json.yaml" 644 "$APISERVER_PATCH" || true
finish
