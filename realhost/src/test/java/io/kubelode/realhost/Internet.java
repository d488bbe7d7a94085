package io.kubelode.realhost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace that stands for the internet: a veth into the hosts' bridge with an
 * address outside every cluster range, from which the tests reach the hosts' public addresses as
 * anyone on the internet would. Made by the test, removed by {@link #close()}.
 */
final class Internet implements AutoCloseable {
    private final String ns;
    private final String veth;
    private final String address;

    private Internet(String ns, String veth, String address) {
        this.ns = ns;
        this.veth = veth;
        this.address = address;
    }

    /**
     * Creates the namespace (a left-over one of an earlier run is replaced) on {@code bridge}; its
     * name and veth carry the bridge's, so that checks on different bridges can run side by side.
     */
    static Internet on(String bridge, String address, int prefix) {
        return on("inet", bridge, address, prefix);
    }

    /** {@link #on(String, String, int)} for another party on the same bridge ({@code name}: 2 to 4 letters). */
    static Internet on(String name, String bridge, String address, int prefix) {
        String ns = name + "-" + bridge;
        String veth = (name.substring(0, 2) + bridge).substring(0, Math.min(13, 2 + bridge.length()));
        sh("ip netns del " + ns + " 2>/dev/null; ip link del " + veth + "0 2>/dev/null; true");
        sh("ip netns add " + ns + " && ip link add " + veth + "0 type veth peer name " + veth + "1 "
                + "&& ip link set " + veth + "1 netns " + ns + " && ip link set " + veth + "0 master " + bridge + " up "
                + "&& ip -n " + ns + " link set " + veth + "1 address " + mac(bridge + address) + " "
                + "&& ip -n " + ns + " addr add " + address + "/" + prefix + " dev " + veth + "1 "
                + "&& ip -n " + ns + " link set " + veth + "1 up && ip -n " + ns + " link set lo up");
        return new Internet(ns, veth, address);
    }

    /**
     * The same MAC address for every namespace of one bridge and address: the hosts keep the last
     * one's in their ARP caches, and a connection the hosts' side opens (a pod's egress) went to the
     * MAC of the namespace before for seconds, until the stale entry was probed away.
     */
    static String mac(String seed) {
        int h = seed.hashCode();
        return String.format("02:6b:6c:%02x:%02x:%02x", (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff);
    }

    /** Runs {@code command} (bash) in the namespace; its output, or a failure with it. */
    String run(String command) {
        return sh("ip netns exec " + ns + " bash -c " + quote(command));
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    String address() {
        return address;
    }

    /** What a TCP connection to {@code host:port} from the internet reads within 3 s; empty when nothing answered. */
    String read(String host, int port) {
        return sh("ip netns exec " + ns + " busybox nc -w 3 " + host + " " + port + " </dev/null 2>/dev/null || true")
                .strip();
    }

    /**
     * What the namespace's resolver answers for {@code name}: {@code addresses}, in order, as the
     * internet's DNS would from the records the DNS layer published ({@code ip netns exec} puts
     * {@code /etc/netns/<ns>/hosts} over {@code /etc/hosts}); gone with {@link #close()}.
     */
    void resolves(String name, List<String> addresses) {
        StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
        addresses.forEach(a -> hosts.append(a).append(' ').append(name).append('\n'));
        sh("mkdir -p /etc/netns/" + ns + " && printf %s " + quote(hosts.toString()) + " >/etc/netns/" + ns + "/hosts");
    }

    /** A TCP listener in the internet namespace that answers {@code reply} to every connection, until {@link #close()}. */
    void listen(int port, String reply) {
        sh("ip netns exec " + ns + " setsid busybox nc -ll -p " + port + " -e echo " + reply
                + " </dev/null >/dev/null 2>&1 &");
    }

    @Override
    public void close() {
        sh("ip netns pids " + ns + " 2>/dev/null | xargs -r kill; ip netns del " + ns
                + " 2>/dev/null; ip link del " + veth + "0 2>/dev/null; rm -rf /etc/netns/" + ns + "; true");
    }

    /** Runs {@code command} with bash on this machine; its output, or an exception naming the command and output. */
    static String sh(String command) {
        try {
            Process p = new ProcessBuilder(List.of("bash", "-c", command)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Integer> ports(String ssOutput) {
        List<Integer> ports = new ArrayList<>();
        for (String line : ssOutput.strip().split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 4) {
                String local = cols[3];
                int port = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1));
                if (!ports.contains(port)) {
                    ports.add(port);
                }
            }
        }
        return ports;
    }
}
