package io.kubelode.network.netns;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.plan.Cidr;
import io.kubelode.events.plan.NodeAddresses;
import io.kubelode.network.plan.NodeEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * N "Linode instances" as network namespaces on a shared underlay (a bridge in a "switch"
 * namespace), each with the state the lxc layer leaves: a bridge with the plan's address, a
 * "master container" and a "worker container" namespace on it, and a "pod" namespace behind each
 * container. Plus a "home server" and an "intruder" (another customer on Linode's private network).
 * Only addresses inside these namespaces are used. {@link #close()} removes every namespace and
 * kills every process in them (wireguard-go, listeners), even after a failed test.
 */
public final class NamespaceLab implements AutoCloseable {
    public static final String HOME_PUBLIC = "203.0.113.254";
    public static final String INTRUDER = "192.168.130.200";

    private final String prefix = "kl" + HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt(256))
            + HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt(256));
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Path stateRoot;
    private final AddressPlan plan;

    public NamespaceLab(AddressPlan plan) {
        this.plan = plan;
        try {
            this.stateRoot = Files.createTempDirectory("kubelode-netns-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "netns-lab-cleanup"));
        create(sw());
        Netns.must(sw(), "ip link set lo up && ip link add br0 type bridge && ip link set br0 up");
        for (NodeAddresses n : plan.nodes()) {
            addNode(n);
        }
        create(home());
        Netns.must(null, underlay(home(), "sh", HOME_PUBLIC + "/24"));
        create(intruder());
        Netns.must(null, underlay(intruder(), "sx", INTRUDER + "/17") + " && ip -n " + intruder()
                + " route add " + plan.containerCidr() + " via 192.168.130.1 && ip -n " + intruder() + " route add "
                + plan.clusterCidr() + " via 192.168.130.1");
    }

    private void addNode(NodeAddresses n) {
        String i = instance(n.node());
        for (String ns : List.of(i, container(n.node(), "m"), container(n.node(), "w"), pod(n.node(), "m"),
                pod(n.node(), "w"))) {
            create(ns);
        }
        StringBuilder s = new StringBuilder("set -e\n");
        s.append(underlay(i, "s" + n.node(), privateIpv4(n.node()) + "/17")).append('\n');
        s.append("ip -n ").append(i).append(" addr add ").append(publicIpv4(n.node())).append("/24 dev eth0\n");
        int prefix = Cidr.parse(n.containerSubnet()).prefix();
        s.append("ip -n ").append(i).append(" link add klbr0 type bridge\n");
        s.append("ip -n ").append(i).append(" addr add ").append(n.bridgeAddress()).append('/').append(prefix)
                .append(" dev klbr0\n");
        s.append("ip -n ").append(i).append(" link set klbr0 up\n");
        container(s, n, "m", n.masterAddress(), n.masterPodCidr());
        container(s, n, "w", n.workerAddress(), n.workerPodCidr());
        Netns.must(null, s.toString());
    }

    private void container(StringBuilder s, NodeAddresses n, String role, String address, String podCidr) {
        String i = instance(n.node());
        String c = container(n.node(), role);
        String p = pod(n.node(), role);
        Cidr pods = Cidr.parse(podCidr);
        s.append("ip -n ").append(i).append(" link add v").append(role).append(" type veth peer name eth0 netns ")
                .append(c).append('\n');
        s.append("ip -n ").append(i).append(" link set v").append(role).append(" master klbr0 up\n");
        s.append("ip -n ").append(c).append(" addr add ").append(address).append('/')
                .append(Cidr.parse(n.containerSubnet()).prefix()).append(" dev eth0\n");
        s.append("ip -n ").append(c).append(" link set eth0 up\n");
        s.append("ip -n ").append(c).append(" route add default via ").append(n.bridgeAddress()).append('\n');
        s.append("ip netns exec ").append(c).append(" sysctl -qw net.ipv4.ip_forward=1\n");
        s.append("ip -n ").append(c).append(" link add cni0 type veth peer name eth0 netns ").append(p).append('\n');
        s.append("ip -n ").append(c).append(" addr add ").append(pods.address(1)).append('/').append(pods.prefix())
                .append(" dev cni0\n");
        s.append("ip -n ").append(c).append(" link set cni0 up\n");
        s.append("ip -n ").append(p).append(" addr add ").append(pods.address(2)).append('/').append(pods.prefix())
                .append(" dev eth0\n");
        s.append("ip -n ").append(p).append(" link set eth0 up\n");
        s.append("ip -n ").append(p).append(" route add default via ").append(pods.address(1)).append('\n');
    }

    private String underlay(String ns, String switchPort, String address) {
        return "ip -n " + ns + " link add eth0 type veth peer name " + switchPort + " netns " + sw()
                + " && ip -n " + sw() + " link set " + switchPort + " master br0 up"
                + " && ip -n " + ns + " addr add " + address + " dev eth0 && ip -n " + ns + " link set eth0 up";
    }

    private void create(String ns) {
        Netns.must(null, "ip netns add " + ns);
        namespaces.add(ns);
        // no IPv6 duplicate address detection: snapshots must not catch addresses half-way through it
        Netns.must(ns, "ip link set lo up && sysctl -qw net.ipv6.conf.default.accept_dad=0"
                + " net.ipv6.conf.all.accept_dad=0");
    }

    /** Starts a process in a namespace that {@link #close()} stops. */
    public Process background(String ns, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            synchronized (processes) {
                processes.add(p);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP server on {@code port} that answers {@code reply} to every connection. */
    public void listen(String ns, int port, String reply) {
        background(ns, "busybox", "nc", "-ll", "-p", String.valueOf(port), "-e", "echo", reply);
        Netns.must(ns, "for i in $(seq 1 50); do [[ -n $(ss -Hltn 'sport = :" + port
                + "') ]] && exit 0; sleep 0.1; done; exit 1");
    }

    /** What a TCP client gets from {@code address:port} within 3 seconds, or {@code null} if it cannot connect. */
    public String connect(String ns, String address, int port) {
        Netns.Result r = Netns.in(ns, "timeout 3 bash -c 'exec 3<>/dev/tcp/" + address + "/" + port
                + " && timeout 2 cat <&3'");
        return r.ok() ? r.out().strip() : null;
    }

    /** Whether one ping from {@code ns} to {@code address} is answered within {@code seconds}. */
    public boolean ping(String ns, String address, int seconds) {
        return Netns.in(ns, "busybox ping -c 1 -W " + seconds + " " + address + " >/dev/null").ok();
    }

    /** A namespace's interfaces, addresses, routes, nftables ruleset and forwarding switch. */
    public String snapshot(String ns) {
        return Netns.must(ns, "ip -o link show; ip -o addr show; ip route show table all; nft list ruleset;"
                + " cat /proc/sys/net/ipv4/ip_forward");
    }

    public String sw() {
        return prefix + "-sw";
    }

    public String home() {
        return prefix + "-home";
    }

    public String intruder() {
        return prefix + "-x";
    }

    public String instance(int node) {
        return prefix + "-n" + node;
    }

    public String container(int node, String role) {
        return prefix + "-n" + node + "-" + role;
    }

    public String pod(int node, String role) {
        return prefix + "-n" + node + "-" + role + "p";
    }

    /** The address of the pod behind the node's master ({@code m}) or worker ({@code w}) container. */
    public String podAddress(int node, String role) {
        NodeAddresses n = plan.node(node);
        return Cidr.parse("m".equals(role) ? n.masterPodCidr() : n.workerPodCidr()).address(2);
    }

    public static String publicIpv4(int node) {
        return "203.0.113." + node;
    }

    public static String privateIpv4(int node) {
        return "192.168.130." + node;
    }

    public Map<Integer, NodeEndpoint> endpoints() {
        Map<Integer, NodeEndpoint> out = new LinkedHashMap<>();
        plan.nodes().forEach(n -> out.put(n.node(), new NodeEndpoint(n.node(), publicIpv4(n.node()),
                privateIpv4(n.node()))));
        return out;
    }

    /** Runs a command on a node as the node's scripts do (with the node's own /run/wireguard). */
    public String onNode(String ns, String command) {
        var r = shell(ns).run(command + "\n", java.time.Duration.ofSeconds(30));
        if (r.exitStatus() != 0) {
            throw new IllegalStateException(command + " exited " + r.exitStatus() + ": " + r.stderr());
        }
        return r.stdout();
    }

    public NamespaceShell shell(String ns) {
        return new NamespaceShell(ns, stateRoot);
    }

    public Path stateRoot() {
        return stateRoot;
    }

    @Override
    public synchronized void close() {
        synchronized (processes) {
            processes.forEach(Process::destroyForcibly);
            processes.clear();
        }
        for (String ns : namespaces) {
            Netns.sh("ip netns pids " + ns + " | xargs -r kill -9; ip netns del " + ns);
        }
        namespaces.clear();
        if (Files.exists(stateRoot)) {
            try (Stream<Path> files = Files.walk(stateRoot)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // best effort: a temp directory
            }
        }
    }
}
