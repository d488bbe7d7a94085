#!/usr/bin/env bash
# kubelode hosts: brings the Debian 12 root file system at $1 (a copy of the debootstrapped one) up to
# date before it becomes the nodes' LXD image: the point release plus bookworm-updates and
# bookworm-security, as the images a person's LXD pulls (images:debian/12, rebuilt daily) are, with
# unattended-upgrades, as the image lxc-service's lxd-host.sh debootstraps on a node has it.
# Without it every container installed the same security updates itself, one package at a time,
# eighteen at once on two cores. Run in a mount namespace of its own: nothing of this machine's
# mounts changes. The image keeps no package lists and no cache, as the published images do.
set -euo pipefail
root=$1
[[ -d $root/etc/apt ]] || { echo "no root file system at $root" >&2; exit 1; }
in_root() { chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"; }

mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
cp -a "$root/etc/resolv.conf" "$root/etc/resolv.conf.kubelode" 2>/dev/null || true
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
# no service of the image starts while it is upgraded (there is no init in a chroot)
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"
cat >"$root/etc/apt/sources.list" <<'LIST'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
LIST
in_root apt-get update -qq
in_root apt-get -y -qq -o Dpkg::Options::=--force-confold upgrade >/dev/null
# what the node's own debootstrap of the image includes (lxc-service's lxd-host.sh, ensure_image)
in_root apt-get install -y -qq --no-install-recommends unattended-upgrades >/dev/null
pending=$(in_root apt-get -s upgrade | grep -c '^Inst' || true)
((pending == 0)) || { echo "$pending updates still pending after the upgrade" >&2; exit 1; }
in_root apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root/usr/sbin/policy-rc.d"
if [[ -e $root/etc/resolv.conf.kubelode ]]; then
  mv -f "$root/etc/resolv.conf.kubelode" "$root/etc/resolv.conf"
else
  rm -f "$root/etc/resolv.conf"
fi
umount -R "$root/dev"
umount "$root/proc"
echo "kubelode: the image is up to date with bookworm-updates and bookworm-security"
