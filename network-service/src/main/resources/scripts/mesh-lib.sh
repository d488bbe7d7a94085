# kubelode script library: put between the inputs and the text of every network-layer script
# (NetworkScripts renders them with HostScript). Its name is the layer's own: a class path that holds
# two layers gives the first jar's /scripts/<name>.
set -euo pipefail
umask 077
export LC_ALL=C
# Everything kubelode owns on a node carries one of these tags, so removal takes exactly it:
# the interface by name, routes by protocol number, the nftables table by name.
readonly IFACE='kl-mesh'
readonly RT_PROTO=157
readonly NFT_TABLE='kubelode_mesh'
readonly STATE_DIR='/run/kubelode/network'
readonly BOOT_PATH='/etc/kubelode/network/apply.sh'
readonly BOOT_UNIT='/etc/systemd/system/kubelode-network.service'
changed=0

note() { printf 'kubelode: %s\n' "$*" >&2; }
# "failed:" keeps the reason in the layer's failure event (the other notes are only what changed)
fail() { note "failed: $*"; exit 1; }
