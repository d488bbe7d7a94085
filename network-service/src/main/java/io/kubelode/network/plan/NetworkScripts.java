package io.kubelode.network.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Renders a node's network as two idempotent bash scripts: apply (make it so) and remove (take
 * away exactly what apply added). Both print {@code kubelode:changed} or {@code kubelode:unchanged}
 * as their last line.
 */
public final class NetworkScripts {
    private static final String BOOT_DELIMITER = "KUBELODE_BOOT_SCRIPT";

    private NetworkScripts() {
    }

    /** The apply script's declared name (its second line), by which faults and the sandbox's model know it. */
    public static final String APPLY_NAME = "mesh-apply.sh";
    /** The remove script's declared name. */
    public static final String REMOVE_NAME = "mesh-remove.sh";

    /** The script that makes the node's network as planned; {@code key} is the node's own key pair. */
    public static NodeScript apply(NodeNetwork node, MeshKey key) {
        if (!key.publicKey().equals(node.publicKey())) {
            throw new IllegalArgumentException("the key does not belong to node " + node.node());
        }
        String table = nftDefinition(node);
        String tableId = tableId(node);
        StringBuilder s = new StringBuilder();
        s.append("#!/usr/bin/env bash\n# kubelode: ").append(APPLY_NAME).append('\n');
        s.append("# kubelode network-service: apply the WireGuard mesh and routes of node ").append(node.node())
                .append(" of cluster ").append(node.clusterId()).append(".\n");
        s.append(ScriptLibrary.HEADER);
        s.append("readonly MESH_ADDRESS=").append(q(node.meshAddress())).append('\n');
        s.append("readonly LISTEN_PORT=").append(node.listenPort()).append('\n');
        s.append("readonly PUBLIC_KEY=").append(q(node.publicKey())).append('\n');
        s.append("readonly TABLE_ID=").append(q(tableId)).append('\n');
        s.append("readonly TABLE_RULES=").append(table.split("comment \"kubelode:", -1).length - 1).append('\n');
        s.append("readonly WANTED_ROUTES=").append(q(String.join(" ", wantedRoutes(node)))).append('\n');
        s.append("MESH_PRIVATE_KEY=").append(q(key.privateKey())).append('\n');
        s.append("readonly MESH_PRIVATE_KEY\n\n");
        s.append(ScriptLibrary.APPLY).append('\n');
        s.append(endpoints(node));
        s.append(wgConfig(node)).append(desiredState(node));
        s.append("nft_definition() {\n  cat <<'NFT'\n").append(table).append("NFT\n}\n\n");
        s.append("ensure_tools\nensure_forwarding\nensure_interface\nensure_mesh\nensure_address\n");
        for (String cidr : node.meshRoutes()) {
            s.append("ensure_route ").append(q(cidr)).append(' ').append(q(cidr + " dev kl-mesh")).append(' ')
                    .append(q(cidr)).append(" dev \"$IFACE\"\n");
        }
        for (NodeNetwork.PodRoute r : node.podRoutes()) {
            s.append("ensure_route ").append(q(r.cidr())).append(' ').append(q(r.cidr() + " via " + r.via()))
                    .append(' ').append(q(r.cidr())).append(" via ").append(q(r.via())).append('\n');
        }
        for (String cidr : node.clusterRanges()) {
            // the fallback for a node not (or no longer) in the mesh: fail at once, never leak unencrypted
            s.append("ensure_route ").append(q(cidr)).append(' ').append(q("unreachable " + cidr)).append(' ')
                    .append("unreachable ").append(q(cidr)).append(" metric 4000\n");
        }
        s.append("prune_routes\nensure_table\n\n");
        // what runs at every boot is this very script without this step: the mesh, the routes, the
        // forwarding and the firewall exist only at run time, and a reboot (Linode's maintenance)
        // would lose them with no kubelode action to bring them back
        String boot = s + ScriptLibrary.FOOTER;
        if (boot.contains("\n" + BOOT_DELIMITER + "\n")) {
            throw new IllegalStateException("the boot script contains its own delimiter");
        }
        s.append(ScriptLibrary.BOOT).append("ensure_boot_unit <<'").append(BOOT_DELIMITER).append("'\n").append(boot).append(BOOT_DELIMITER)
                .append("\n\n").append(ScriptLibrary.FOOTER);
        return new NodeScript("apply the network of node " + node.node(), s.toString(), key.privateKey());
    }

    /** The script that removes the mesh interface, kubelode's routes and rules, its boot unit, and nothing else. */
    public static NodeScript remove(String clusterId, int node) {
        String s = "#!/usr/bin/env bash\n# kubelode: " + REMOVE_NAME + "\n# kubelode network-service: remove the WireGuard mesh and routes of node "
                + node + " of cluster " + clusterId + ".\n" + ScriptLibrary.HEADER + ScriptLibrary.REMOVE
                + "\nremove_boot_unit\nremove_table\nremove_routes\nremove_interface\nrestore_forwarding\n\n"
                + ScriptLibrary.FOOTER;
        return new NodeScript("remove the network of node " + node, s, null);
    }

    /** The nftables table kubelode owns on the node; its rules carry {@code kubelode:<cluster>:...} comments. */
    static String nftDefinition(NodeNetwork node) {
        return nftTemplate(node).replace("TABLE_HASH", tableId(node));
    }

    /** Identifies the table's definition: the apply script rewrites the table only when it differs. */
    static String tableId(NodeNetwork node) {
        return hash(nftTemplate(node));
    }

    private static String nftTemplate(NodeNetwork node) {
        String tag = "kubelode:" + node.clusterId() + ":";
        String ranges = "{ " + String.join(", ", node.clusterRanges()) + " }";
        StringBuilder t = new StringBuilder("table inet kubelode_mesh {\n");
        t.append("  comment \"kubelode-def:TABLE_HASH\"\n");
        t.append("  chain forward {\n    type filter hook forward priority filter; policy accept;\n");
        // answers to what the containers and pods opened (their egress, NATed by the host) come back
        // through the guard below; it dropped them, so nothing in a container reached the internet
        t.append("    ct state established,related accept comment \"").append(tag).append("replies\"\n");
        // Linode's private network is shared: nothing but the mesh may bring outsiders into the cluster,
        // except what the node itself forwards on purpose (DNAT, e.g. ingress on the public address)
        t.append("    iifname != \"kl-mesh\" ip saddr != ").append(ranges).append(" ip daddr ").append(ranges)
                .append(" ct status & dnat == 0 drop comment \"").append(tag).append("underlay-guard\"\n");
        HomeGuard home = node.home();
        if (home != null) {
            // home opens nothing in the cluster (its answers are accepted above); the cluster reaches
            // home's rsync daemon and nothing else of it
            t.append("    iifname \"kl-mesh\" ip saddr ").append(home.homeAddress()).append(" drop comment \"")
                    .append(tag).append("home-deny\"\n");
            t.append("    oifname \"kl-mesh\" ip daddr ").append(home.homeAddress()).append(" tcp dport ")
                    .append(home.backupPort()).append(" accept comment \"").append(tag).append("home-backup\"\n");
            t.append("    oifname \"kl-mesh\" ip daddr ").append(home.homeAddress()).append(" drop comment \"")
                    .append(tag).append("home-only-backup\"\n");
        }
        t.append("  }\n");
        NodeNetwork.PublicFront front = node.front();
        t.append("  chain input {\n    type filter hook input priority filter; policy accept;\n");
        if (home != null) {
            t.append("    iifname \"kl-mesh\" ip saddr ").append(home.homeAddress())
                    .append(" ct state established,related accept comment \"").append(tag).append("home-replies\"\n");
            t.append("    iifname \"kl-mesh\" ip saddr ").append(home.homeAddress()).append(" drop comment \"")
                    .append(tag).append("home-deny-node\"\n");
        }
        // the host firewall of the public address: SSH, the mesh, ICMP; the forwarded ports never reach
        // the host itself (they are DNATed before the input hook)
        String pub = "ip daddr " + front.address();
        t.append("    ").append(pub).append(" ct state established,related accept comment \"").append(tag)
                .append("public-replies\"\n");
        t.append("    ").append(pub).append(" tcp dport ").append(NodeNetwork.PublicFront.SSH_PORT)
                .append(" accept comment \"").append(tag).append("public-ssh\"\n");
        t.append("    ").append(pub).append(" udp dport ").append(node.listenPort()).append(" accept comment \"")
                .append(tag).append("public-wireguard\"\n");
        t.append("    ").append(pub).append(" meta l4proto icmp accept comment \"").append(tag)
                .append("public-icmp\"\n");
        t.append("    ").append(pub).append(" drop comment \"").append(tag).append("public-deny\"\n");
        t.append("  }\n");
        // what the world reaches in the containers: ingress on the worker, the API on the control plane
        t.append("  chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n");
        t.append("    ").append(pub).append(" tcp dport { ").append(NodeNetwork.PublicFront.INGRESS_PORTS.stream()
                .map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))).append(" } dnat ip to ")
                .append(front.worker()).append(" comment \"").append(tag).append("public-ingress\"\n");
        t.append("    ").append(pub).append(" tcp dport ").append(NodeNetwork.PublicFront.API_PORT)
                .append(" dnat ip to ").append(front.master()).append(" comment \"").append(tag)
                .append("public-api\"\n");
        t.append("  }\n");
        // what the containers and their pods open towards the world leaves with the node's address: the
        // pods' CNI bridge does not masquerade (ipMasq false: pod to pod keeps its source across the mesh),
        // and LXD's NAT covers the container bridge only, so pods, CoreDNS's upstream lookups and the blog's
        // git clone had no way out. Traffic within the cluster's ranges and over the mesh keeps its source.
        // LXD's NAT of the container bridge masquerades everything the containers send off their own subnet,
        // the mesh included: a control plane's etcd then saw its peers come from their nodes' mesh addresses,
        // which their certificates do not name, and refused them (seen on the sandbox's real machines). An
        // identity SNAT that runs before LXD's chain settles the connection's translation, so LXD's rule never
        // applies to it: between the cluster's ranges over the mesh, every source stays what it was.
        t.append("  chain keep-source {\n    type nat hook postrouting priority srcnat - 1; policy accept;\n");
        t.append("    oifname \"kl-mesh\" ip saddr ").append(ranges).append(" ip daddr ").append(ranges);
        if (home != null) {
            t.append(" ip daddr != ").append(home.homeAddress());
        }
        t.append(" snat ip to ip saddr comment \"").append(tag).append("keep-source\"\n");
        t.append("  }\n");
        t.append("  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n");
        t.append("    oifname != \"kl-mesh\" ip saddr ").append(ranges).append(" ip daddr != ").append(ranges)
                .append(" masquerade comment \"").append(tag).append("egress\"\n");
        if (home != null) {
            // what goes home leaves from this node's mesh address, whichever node or pod sent it
            t.append("    oifname \"kl-mesh\" ip daddr ").append(home.homeAddress()).append(" masquerade comment \"")
                    .append(tag).append("home-source\"\n");
        }
        t.append("  }\n");
        t.append("}\n");
        return t.toString();
    }

    private static List<String> wantedRoutes(NodeNetwork node) {
        List<String> all = new ArrayList<>(node.meshRoutes());
        node.podRoutes().forEach(r -> all.add(r.cidr()));
        all.addAll(node.clusterRanges());
        return all;
    }

    private static String endpoints(NodeNetwork node) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < node.peers().size(); i++) {
            MeshPeer p = node.peers().get(i);
            s.append("peer_endpoint_").append(i).append("=$(resolve_endpoint ")
                    .append(q(p.endpointHost() == null ? "" : p.endpointHost())).append(' ').append(p.endpointPort())
                    .append(")\n");
        }
        return s.append('\n').toString();
    }

    private static String wgConfig(NodeNetwork node) {
        StringBuilder s = new StringBuilder("wg_config() {\n");
        s.append("  printf '[Interface]\\nPrivateKey = %s\\nListenPort = %s\\n' \"$MESH_PRIVATE_KEY\" \"$LISTEN_PORT\"\n");
        for (int i = 0; i < node.peers().size(); i++) {
            MeshPeer p = node.peers().get(i);
            s.append("  peer_config ").append(q(p.publicKey())).append(" \"$peer_endpoint_").append(i).append("\" ")
                    .append(q(String.join(",", p.allowedIps()))).append("  # ").append(p.label()).append('\n');
        }
        return s.append("}\n\n").toString();
    }

    private static String desiredState(NodeNetwork node) {
        StringBuilder s = new StringBuilder("desired_state() {\n");
        s.append("  printf 'interface %s %s\\n' \"$PUBLIC_KEY\" \"$LISTEN_PORT\"\n");
        for (int i = 0; i < node.peers().size(); i++) {
            MeshPeer p = node.peers().get(i);
            s.append("  peer_state ").append(q(p.publicKey())).append(" \"$peer_endpoint_").append(i).append("\" ")
                    .append(q(String.join(",", p.allowedIps()))).append('\n');
        }
        return s.append("}\n\n").toString();
    }

    /** Single-quotes a value for bash. Values are validated addresses and keys; quoting is defence in depth. */
    static String q(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
