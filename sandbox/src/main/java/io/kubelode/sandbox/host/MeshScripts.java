package io.kubelode.sandbox.host;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network layer's apply and remove scripts: the WireGuard interface with its address and
 * peers, kubelode's routes (protocol 157) and its nftables table. Notes go to stderr as
 * {@code kubelode: ...} lines, which the layer keeps.
 */
final class MeshScripts {
    private static final Pattern VIA = Pattern.compile("(?m)^ensure_route '([^']+)' '[^']*' '[^']+' via '([^']+)'$");
    /** A route: its destination, then the arguments of {@code ip route replace}, which the script notes. */
    private static final Pattern ROUTE = Pattern.compile("(?m)^ensure_route '([^']+)' '[^']*' (.+)$");
    /** The script the boot unit runs again at every boot, as the apply script saves it. */
    private static final Pattern BOOT = Pattern.compile("(?s)ensure_boot_unit <<'(\\w+)'\n(.*?)\n\\1\n");
    private static final Pattern PEERS = Pattern.compile("(?s)desired_state\\(\\) \\{.*?\\n}\\n");

    private MeshScripts() {}

    static HostReply apply(HostState host, ScriptText s) {
        HostReply.Run run = new HostReply.Run();
        if (!host.packages.contains("wireguard-tools")) {
            host.packages.add("wireguard-tools");
            run.changed("kubelode: installed wireguard-tools");
        }
        HostState.Mesh was = host.mesh;
        String address = s.require("MESH_ADDRESS");
        Matcher peersMatch = PEERS.matcher(s.text());
        String peers = peersMatch.find() ? peersMatch.group() : "";
        Set<String> routes = new LinkedHashSet<>();
        for (String r : s.require("WANTED_ROUTES").trim().split("\\s+")) {
            if (!r.isEmpty()) {
                routes.add(r);
            }
        }
        Matcher via = VIA.matcher(s.text());
        while (via.find()) {
            if (host.bridgeCidr == null || !Cidrs.contains(host.bridgeCidr, via.group(2))) {
                return run.fail(2, "Error: Nexthop has invalid gateway.");
            }
        }
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
        java.util.Map<String, String> spec = new java.util.HashMap<>();
        Matcher route = ROUTE.matcher(s.text());
        while (route.find()) {
            spec.put(route.group(1), route.group(2).replace("'", "").replace("\"$IFACE\"", "kl-mesh"));
        }
        Set<String> before = was == null ? Set.of() : was.routes();
        routes.stream().filter(r -> !before.contains(r))
                .forEach(r -> run.changed("kubelode: routed " + spec.getOrDefault(r, r)));
        before.stream().filter(r -> !routes.contains(r)).forEach(r -> run.changed("kubelode: removed the route " + r));
        String table = s.require("TABLE_ID");
        if (was == null || !was.tableId().equals(table)) {
            run.changed("kubelode: replaced table inet kubelode_mesh");
        }
        host.mesh = new HostState.Mesh(address, peers, routes, table);
        // the boot unit that brings all of it back after a reboot (Linode's Debian runs systemd)
        Matcher boot = BOOT.matcher(s.text());
        if (boot.find()) {
            String digest = ScriptText.sha256(boot.group(2));
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
