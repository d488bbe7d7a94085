package io.kubelode.hosts;

import java.time.Duration;
import java.util.List;

/**
 * A Linux bridge the tests create for their stand-in hosts, with NAT to the outside so
 * {@code apt-get} inside the hosts reaches Debian's mirror, removed by {@link #remove()} when they are
 * done. Only what it created is touched:
 * its own bridge name, its own subnet (172.31.250.0/24 by default, far from the address plan's
 * 10.100.0.0/14 and up), and one MASQUERADE rule marked with a comment.
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

    /** Creates the bridge, its address, forwarding and NAT if they are missing. Idempotent; hosts starting side by side share it. */
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
        List<String> rule = masquerade();
        if (Exec.run(iptables("-C", rule), null, T).exitStatus() != 0) {
            Exec.checked(iptables("-A", rule), T);
        }
        return this;
    }

    /**
     * Removes what {@link #ensure()} made: the bridge (its address goes with it) and its MASQUERADE
     * rule. Idempotent; call it once nothing uses the bridge any more (a host still on it loses its link).
     */
    public void remove() {
        synchronized (HostBridge.class) {
            if (exists()) {
                Exec.checked(List.of("ip", "link", "delete", name), T);
            }
            List<String> rule = masquerade();
            while (Exec.run(iptables("-C", rule), null, T).exitStatus() == 0) {
                Exec.checked(iptables("-D", rule), T);
            }
        }
    }

    /** Whether the bridge exists on this machine. */
    public boolean exists() {
        return Exec.run(List.of("ip", "link", "show", name), null, T).exitStatus() == 0;
    }

    private List<String> masquerade() {
        return List.of("POSTROUTING", "-s", subnet, "!", "-d", subnet, "-j", "MASQUERADE", "-m", "comment",
                "--comment", COMMENT);
    }

    private static List<String> iptables(String op, List<String> rule) {
        List<String> cmd = new java.util.ArrayList<>(List.of("iptables", "-w", "-t", "nat", op));
        cmd.addAll(rule);
        return cmd;
    }
}
