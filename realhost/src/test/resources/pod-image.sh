#!/usr/bin/env bash
# pod-image.sh OUT REF: an OCI image archive built offline on this machine, as a registry would serve it
# and as containerd imports it (no registry is reachable here): one uncompressed layer with Debian's
# busybox, every applet linked, and the libraries it loads; reproducible (sorted, mtime 0, owner 0).
set -euo pipefail
out=$1 ref=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"/{bin,etc,tmp,proc,sys,dev,lib64,lib/x86_64-linux-gnu}
cp /bin/busybox "$root/bin/busybox"
while read -r lib; do
  cp "$lib" "$root$lib"
done < <(ldd /bin/busybox | awk '$3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')
for app in $(/bin/busybox --list); do
  [[ $app == busybox ]] || ln -s busybox "$root/bin/$app"
done
echo 'root:x:0:0:root:/:/bin/sh' >"$root/etc/passwd"

blobs=$work/oci/blobs/sha256
mkdir -p "$blobs"
# blob FILE: moves FILE into the layout under its digest and prints "DIGEST SIZE"
blob() {
  local digest size
  digest=$(sha256sum "$1" | cut -d' ' -f1)
  size=$(stat -c %s "$1")
  mv "$1" "$blobs/$digest"
  printf '%s %s\n' "$digest" "$size"
}
tarball() { tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner "$@"; }

tarball -C "$root" -cf "$work/layer.tar" .
read -r layer layer_size < <(blob "$work/layer.tar")
printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$layer" >"$work/config.json"
read -r config config_size < <(blob "$work/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
  "$config" "$config_size" "$layer" "$layer_size" >"$work/manifest.json"
read -r manifest manifest_size < <(blob "$work/manifest.json")
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
  "$manifest" "$manifest_size" "$ref" "${ref##*:}" >"$work/oci/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' >"$work/oci/oci-layout"
tarball -C "$work/oci" -cf "$out" .
