package io.kubelode.hosts;

import java.time.Duration;
import java.util.List;

/**
 * A Linux bridge the tests create for their stand-in hosts, removed by {@link #remove()} when they are
 * done. The only way off it is Debian's mirror, through the bridge's package proxy ({@link PackageProxy}:
 * every plain-HTTP connection to an address off the bridge is redirected there) and DNS (NATed to this
 * machine's resolver); anything else bound off the bridge is rejected, so nothing of the hosts reaches
 * beyond this machine but packages. Only what it created is touched: its own bridge name, its own subnet
 * (172.31.250.0/24 by default, far from the address plan's 10.100.0.0/14 and up), rules marked with a
 * comment, and its proxy.
 *
 * @param name     the bridge's interface name
 * @param gateway  the bridge's own address, the hosts' default gateway
 * @param prefix   prefix length of the subnet
 * @param subnet   the subnet in CIDR notation
 */
public record HostBridge(String name, String gateway, int prefix, String subnet) {
    /** The default bridge of the stand-in hosts. */
    public static final HostBridge DEFAULT = new HostBridge("kltest0", "172.31.250.1", 24, "172.31.250.0/24");

    private static final Duration T = Duration.ofSeconds(20);
    private static final String COMMENT = "kubelode-hosts";

    /** The address {@code .host} in the subnet (assumes a /24). */
    public String address(int host) {
        return gateway.substring(0, gateway.lastIndexOf('.') + 1) + host;
    }

    /**
     * Creates the bridge, its address, forwarding, NAT, the package proxy and the wall if they are
     * missing. Idempotent; hosts starting side by side share it.
     */
    public HostBridge ensure() {
        synchronized (HostBridge.class) {
            return ensureAlone();
        }
    }

    private HostBridge ensureAlone() {
        if (!exists()) {
            Exec.checked(List.of("ip", "link", "add", name, "type", "bridge"), T);
        }
        if (!Exec.checked(List.of("ip", "-4", "-o", "addr", "show", "dev", name), T).stdout()
                .contains(" " + gateway + "/")) {
            Exec.checked(List.of("ip", "addr", "add", gateway + "/" + prefix, "dev", name), T);
        }
        Exec.checked(List.of("ip", "link", "set", name, "up"), T);
        Exec.checked(List.of("sysctl", "-qw", "net.ipv4.ip_forward=1"), T);
        PackageProxy.ensure(this);
        for (List<String> rule : rules()) {
            if (Exec.run(iptables("-C", rule), null, T).exitStatus() != 0) {
                Exec.checked(iptables("-A", rule), T);
            }
        }
        return this;
    }

    /**
     * Removes what {@link #ensure()} made: the bridge (its address goes with it), its rules and its
     * package proxy (the proxy's cache stays). Idempotent; call it once nothing uses the bridge any more
     * (a host still on it loses its link).
     */
    public void remove() {
        synchronized (HostBridge.class) {
            if (exists()) {
                Exec.checked(List.of("ip", "link", "delete", name), T);
            }
            for (List<String> rule : rules()) {
                while (Exec.run(iptables("-C", rule), null, T).exitStatus() == 0) {
                    Exec.checked(iptables("-D", rule), T);
                }
            }
            PackageProxy.stop(this);
        }
    }

    /** Whether the bridge exists on this machine. */
    public boolean exists() {
        return Exec.run(List.of("ip", "link", "show", name), null, T).exitStatus() == 0;
    }

    /** Its rules, each as {@code TABLE CHAIN match... -j target}, in the order they are appended. */
    private List<List<String>> rules() {
        List<String> off = List.of("-i", name, "!", "-o", name);
        return List.of(
                rule("nat", List.of("POSTROUTING", "-s", subnet, "!", "-d", subnet), "MASQUERADE"),
                // this kernel passes bridged frames through iptables too (bridge-nf-call-iptables): traffic
                // between the bridge's hosts, their private addresses included, is left alone
                rule("nat", List.of("PREROUTING", "-i", name, "-d", "10.0.0.0/8"), "RETURN"),
                rule("nat", List.of("PREROUTING", "-i", name, "-d", "172.16.0.0/12"), "RETURN"),
                rule("nat", List.of("PREROUTING", "-i", name, "-d", "192.168.0.0/16"), "RETURN"),
                // plain HTTP off the bridge is apt's: the proxy answers it (from its cache when it can)
                rule("nat", List.of("PREROUTING", "-i", name, "!", "-d", subnet, "-p", "tcp", "--dport", "80"),
                        "DNAT", "--to-destination", gateway + ":" + PackageProxy.PORT),
                rule("filter", concat(List.of("FORWARD"), off, List.of("-p", "udp", "--dport", "53")), "ACCEPT"),
                rule("filter", concat(List.of("FORWARD"), off, List.of("-p", "tcp", "--dport", "53")), "ACCEPT"),
                rule("filter", concat(List.of("FORWARD"), off, List.of("-p", "tcp")), "REJECT", "--reject-with",
                        "tcp-reset"),
                rule("filter", concat(List.of("FORWARD"), off, List.of()), "REJECT"));
    }

    private static List<String> rule(String table, List<String> match, String... target) {
        List<String> r = new java.util.ArrayList<>(List.of("-t", table));
        r.addAll(match);
        r.addAll(List.of("-m", "comment", "--comment", COMMENT, "-j"));
        r.addAll(List.of(target));
        return r;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new java.util.ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    /** {@code iptables -w -t TABLE OP CHAIN ...} for a rule of {@link #rules()}. */
    private static List<String> iptables(String op, List<String> rule) {
        List<String> cmd = new java.util.ArrayList<>(List.of("iptables", "-w", rule.get(0), rule.get(1), op));
        cmd.addAll(rule.subList(2, rule.size()));
        return cmd;
    }
}
