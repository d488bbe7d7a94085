package io.kubelode.network.plan;

import io.kubelode.nodeshell.script.HostScript;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a node's network as two idempotent host scripts ({@code scripts/mesh-apply.sh} and
 * {@code scripts/mesh-remove.sh}, {@link HostScript}s): apply (make it so) and remove (take away
 * exactly what apply added). The plan travels as their declared inputs; both print
 * {@code kubelode:changed} or {@code kubelode:unchanged} as their last line.
 */
public final class NetworkScripts {
    private static final HostScript APPLY = HostScript.load(NetworkScripts.class, "mesh-apply.sh");
    private static final HostScript REMOVE = HostScript.load(NetworkScripts.class, "mesh-remove.sh");
    /** What both share: the names of everything kubelode owns on a node, and how a script notes and fails. */
    private static final String LIBRARY = HostScript.library(NetworkScripts.class, "mesh-lib.sh");

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
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("MESH_ADDRESS", node.meshAddress());
        inputs.put("LISTEN_PORT", Integer.toString(node.listenPort()));
        inputs.put("PUBLIC_KEY", node.publicKey());
        inputs.put("MESH_PRIVATE_KEY", key.privateKey());
        inputs.put("PEERS", node.peers().stream()
                .map(p -> String.join(" ", p.publicKey(), p.endpointHost() == null ? "-" : p.endpointHost(),
                        Integer.toString(p.endpointPort()), String.join(",", p.allowedIps()), p.label()))
                .collect(Collectors.joining("\n")));
        inputs.put("MESH_ROUTES", String.join(" ", node.meshRoutes()));
        inputs.put("POD_ROUTES", node.podRoutes().stream().map(r -> r.cidr() + "=" + r.via())
                .collect(Collectors.joining(" ")));
        inputs.put("CLUSTER_RANGES", String.join(" ", node.clusterRanges()));
        inputs.put("TABLE_ID", tableId(node));
        inputs.put("TABLE_RULES", Integer.toString(table.split("comment \"kubelode:", -1).length - 1));
        inputs.put("NFT_DEFINITION", table);
        // what runs at every boot is this very script without the step that saves it (base64: one line
        // of data, as the k8s layer sends files)
        inputs.put("BOOT_COPY", "");
        String bootCopy = Base64.getEncoder()
                .encodeToString(APPLY.render(inputs, LIBRARY).getBytes(StandardCharsets.UTF_8));
        inputs.put("BOOT_COPY", bootCopy);
        return new NodeScript("apply the network of node " + node.node(), APPLY.render(inputs, LIBRARY),
                List.of(key.privateKey(), bootCopy));
    }

    /** The script that removes the mesh interface, kubelode's routes and rules, its boot unit, and nothing else. */
    public static NodeScript remove(String clusterId, int node) {
        return new NodeScript("remove the network of node " + node + " of cluster " + clusterId,
                REMOVE.render(Map.of(), LIBRARY), List.of());
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

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
