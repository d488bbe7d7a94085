package io.kubelode.sandbox.host;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The network layer's apply and remove scripts ({@code mesh-apply.sh}, {@code mesh-remove.sh}), read
 * by their declared inputs: the WireGuard interface with its address and peers, kubelode's routes
 * (protocol 157) and its nftables table. Notes go to stderr as {@code kubelode: ...} lines, which the
 * layer keeps.
 */
final class MeshScripts {
    private MeshScripts() {}

    private static List<String> words(ScriptText s, String input) {
        String value = s.require(input).strip();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
    }

    static HostReply apply(HostState host, ScriptText s) {
        HostReply.Run run = new HostReply.Run();
        if (!host.packages.contains("wireguard-tools")) {
            host.packages.add("wireguard-tools");
            run.changed("kubelode: installed wireguard-tools");
        }
        HostState.Mesh was = host.mesh;
        String address = s.require("MESH_ADDRESS");
        String peers = s.require("PEERS");
        // each route as the script notes it: its destination, then the arguments of ip route replace
        Map<String, String> spec = new LinkedHashMap<>();
        words(s, "MESH_ROUTES").forEach(cidr -> spec.put(cidr, cidr + " dev kl-mesh"));
        for (String hop : words(s, "POD_ROUTES")) {
            String cidr = hop.substring(0, hop.indexOf('='));
            String via = hop.substring(hop.indexOf('=') + 1);
            if (host.bridgeCidr == null || !Cidrs.contains(host.bridgeCidr, via)) {
                return run.fail(2, "Error: Nexthop has invalid gateway.");
            }
            spec.put(cidr, cidr + " via " + via);
        }
        words(s, "CLUSTER_RANGES").forEach(cidr -> spec.put(cidr, "unreachable " + cidr + " metric 4000"));
        Set<String> routes = new LinkedHashSet<>(spec.keySet());
        if (was == null) {
            run.changed("kubelode: created kl-mesh");
        }
        if (was == null || !was.peers().equals(peers)) {
            run.changed("kubelode: configured kl-mesh");
        }
        if (was == null || !was.address().equals(address)) {
            run.changed("kubelode: addressed kl-mesh as " + address);
        }
        if (was == null) {
            run.changed("kubelode: set kl-mesh up");
        }
        Set<String> before = was == null ? Set.of() : was.routes();
        routes.stream().filter(r -> !before.contains(r)).forEach(r -> run.changed("kubelode: routed " + spec.get(r)));
        before.stream().filter(r -> !routes.contains(r)).forEach(r -> run.changed("kubelode: removed the route " + r));
        String table = s.require("TABLE_ID");
        if (was == null || !was.tableId().equals(table)) {
            run.changed("kubelode: replaced table inet kubelode_mesh");
        }
        host.mesh = new HostState.Mesh(address, peers, routes, table);
        // the boot unit that brings all of it back after a reboot (Linode's Debian runs systemd)
        String bootCopy = s.require("BOOT_COPY");
        if (!bootCopy.isEmpty()) {
            String digest = ScriptText.sha256(bootCopy);
            boolean enabled = host.bootScript != null;
            if (!digest.equals(host.bootScript)) {
                host.bootScript = digest;
                run.changed("kubelode: saved the network for the next boot");
            }
            if (!enabled) {
                run.changed("kubelode: enabled kubelode-network.service");
            }
        }
        return run.done();
    }

    static HostReply remove(HostState host) {
        HostReply.Run run = new HostReply.Run();
        if (host.mesh != null || host.bootScript != null) {
            host.mesh = null;
            host.bootScript = null;
            run.changed(null);
        }
        return run.done();
    }
}
