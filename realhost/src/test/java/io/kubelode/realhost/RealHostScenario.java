package io.kubelode.realhost;

import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.hosts.DebianHost;
import io.kubelode.hosts.HostBridge;
import io.kubelode.lxc.host.LxcNode;
import io.kubelode.lxc.plan.LxcPlan;
import io.kubelode.network.NetworkApplier.NodeResult;
import io.kubelode.network.NetworkApplier;
import io.kubelode.network.plan.ClusterNetwork;
import io.kubelode.network.plan.MeshKey;
import io.kubelode.network.plan.NetworkPlanner;
import io.kubelode.network.plan.NodeEndpoint;
import io.kubelode.provisioner.flow.BaseRoleStep;
import io.kubelode.support.shell.CommandResult;
import io.kubelode.support.shell.NodeShell;
import io.kubelode.support.ssh.Ed25519Key;
import io.kubelode.support.ssh.SshNodeShell;
import io.kubelode.support.ssh.SshTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The shared real-host scenario: three real Debian 12 hosts (system containers with systemd and
 * OpenSSH, {@link DebianHost}), built once per test run, and the layers' own scripts run on them
 * over real SSH with pinned host keys, as the services run them: the provisioner's base role, the
 * lxc layer's LXD with two unprivileged containers per node, the network layer's WireGuard mesh
 * and routes. Checks that need real hosts use {@link #get(ExtensionContext)} instead of building
 * hosts of their own; the hosts are destroyed when the run ends.
 *
 * <p>What it proves runs on this machine's kernel: cgroup v1, no AppArmor, no WireGuard module
 * (the mesh runs on wireguard-go). Linode's Debian 12 is cgroup v2 with AppArmor.
 */
public final class RealHostScenario implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    static final String CLUSTER = "real";
    static final int NODES = 3;
    /** A bridge of its own, apart from the one other real-host tests use. */
    static final HostBridge BRIDGE = new HostBridge("klreal0", "172.31.249.1", 24, "172.31.249.0/24");
    /** Where the home server's WireGuard listens, on the bridge that stands for the internet. */
    static final String HOME_PUBLIC = "172.31.249.240";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(15);

    final ClusterSpec spec;
    final AddressPlan addresses;
    final List<DebianHost> hosts;
    final Map<Integer, LxcPlan> lxcPlans = new LinkedHashMap<>();
    final Map<Integer, LxcReady> lxcReady = new LinkedHashMap<>();
    final Map<Integer, MeshKey> meshKeys = new LinkedHashMap<>();
    /** The home server's WireGuard key: the spec's home peer, which the nodes push their backups to. */
    final MeshKey homeKey = MeshKey.generate();
    /** What the provisioner's base role returned on each node (in node order), its first run. */
    final List<CommandResult> baseRole;
    /** What the lxc layer's compensation reported on node 1 before the layer ever ran there. */
    final boolean releasedBeforeAnything;
    final ClusterNetwork network;
    final List<NodeResult> networkResults;
    /** Wall time of each step, in the order they ran. */
    final Map<String, Duration> timings = Collections.synchronizedMap(new LinkedHashMap<>());
    final ExecutorService pool = Executors.newFixedThreadPool(NODES);
    private final Ed25519Key client = Ed25519Key.generate();

    /**
     * Hands a check the scenario of this run, built by the first check that asks for it and
     * closed when the run ends. Where this machine cannot run system containers the check is
     * skipped, except in CI, where that fails it.
     */
    public static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == RealHostScenario.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            NeedsRealHosts.require();
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(RealHostScenario.class, k -> new RealHostScenario(), RealHostScenario.class);
        }
    }

    private RealHostScenario() {
        spec = new ClusterSpec(CLUSTER, "eu-central", null, null, NODES, "example.org", null,
                List.of(client.publicKeyLine("realhost")), new io.kubelode.events.spec.HomePeer(HOME_PUBLIC + ":51820",
                homeKey.publicKey(), "192.168.1.0/24", io.kubelode.events.spec.HomePeer.DEFAULT_BACKUP_PORT), null, null);
        addresses = AddressPlan.of(spec);
        List<DebianHost> started = new ArrayList<>();
        try {
            Path image = step("rootfs image for LXD (cached)", DebianHost::debianRootfsTarball);
            started.addAll(step("three hosts up (copy, boot, sshd)", () -> parallel(n -> DebianHost.start(
                    "kl-real-" + n, 10 + n, BRIDGE, client.publicKeyLine("realhost")))));
            hosts = List.copyOf(started);

            baseRole = step("provisioner base role", () -> parallel(n -> {
                CommandResult r = ssh(n).run(BaseRoleStep.SCRIPT, SCRIPT_TIMEOUT);
                if (r.exitStatus() != 0) {
                    throw new IllegalStateException("base role on node " + n + ": " + r.stderrTail());
                }
                return r;
            }));

            for (int n = 1; n <= NODES; n++) {
                lxcPlans.put(n, LxcPlan.of(CLUSTER, addresses.node(n)));
                // the image server is unreachable from here: the node gets the rootfs tarball the
                // host script would otherwise debootstrap itself
                host(n).copyIn(image, LxcPlan.IMAGE_TARBALL);
            }
            releasedBeforeAnything = LxcNode.release(ssh(1), lxcPlans.get(1));
            List<LxcNode.Outcome> lxc = step("lxc layer: LXD, two unprivileged containers per node",
                    () -> parallel(n -> LxcNode.ensure(ssh(n), lxcPlans.get(n))));
            for (int n = 1; n <= NODES; n++) {
                lxcReady.put(n, lxc.get(n - 1).ready());
            }

            Map<Integer, NodeEndpoint> endpoints = new LinkedHashMap<>();
            Map<Integer, String> publicKeys = new LinkedHashMap<>();
            for (int n = 1; n <= NODES; n++) {
                MeshKey key = MeshKey.generate();
                meshKeys.put(n, key);
                publicKeys.put(n, key.publicKey());
                endpoints.put(n, new NodeEndpoint(n, host(n).address(), host(n).address()));
            }
            network = NetworkPlanner.plan(CLUSTER, spec, addresses, endpoints, publicKeys);
            networkResults = step("network layer: WireGuard mesh and routes", this::applyNetwork);
            System.out.println("real-host scenario built: " + timings);
        } catch (RuntimeException | Error e) {
            started.forEach(DebianHost::close);
            pool.shutdownNow();
            throw e;
        }
    }

    /** Applies the network layer's scripts on every node at once, as the network service does. */
    List<NodeResult> applyNetwork() {
        return applier().apply(network, meshKeys::get, this::ssh).join();
    }

    /** Removes the network layer's state from every node, as its compensation does. */
    List<NodeResult> removeNetwork() {
        return applier().remove(CLUSTER, List.of(1, 2, 3), this::ssh).join();
    }

    private NetworkApplier applier() {
        return new NetworkApplier(pool, Duration.ofMinutes(5), 1, Duration.ofSeconds(1));
    }

    private boolean busybox;

    /**
     * busybox (ping, nc) on every host and in every container, copied from this
     * machine (the same Debian release): the checks' probes and listeners. Once per run.
     */
    synchronized void busyboxEverywhere() {
        if (busybox) {
            return;
        }
        for (int n = 1; n <= NODES; n++) {
            host(n).copyIn(Path.of("/bin/busybox"), "/usr/local/bin/busybox");
            CommandResult r = run(n, "set -e; for c in real-" + n + "-master real-" + n + "-worker; do "
                    + "lxc file push --mode 0755 /usr/local/bin/busybox \"$c\"/usr/local/bin/busybox; done");
            if (r.exitStatus() != 0) {
                throw new IllegalStateException("busybox into the containers of node " + n + ": " + r.stderrTail());
            }
        }
        busybox = true;
    }

    DebianHost host(int n) {
        return hosts.get(n - 1);
    }

    /** A new SSH connection to node {@code n} as root, its host key pinned. */
    NodeShell ssh(int n) {
        DebianHost h = hosts.get(n - 1);
        return new SshNodeShell(SshTarget.of(h.address(), h.sshPort(), "root", h.hostKeyLine(), client.keyPair()),
                Duration.ofSeconds(20));
    }

    /** Runs {@code script} on node {@code n} over SSH. */
    CommandResult run(int n, String script) {
        try (NodeShell shell = ssh(n)) {
            return shell.run(script, SCRIPT_TIMEOUT);
        }
    }

    /** Runs {@code perNode} for nodes 1..3 at once; the results in node order. */
    <T> List<T> parallel(IntFunction<T> perNode) {
        List<CompletableFuture<T>> all = new ArrayList<>();
        for (int n = 1; n <= NODES; n++) {
            int node = n;
            all.add(CompletableFuture.supplyAsync(() -> perNode.apply(node), pool));
        }
        return all.stream().map(CompletableFuture::join).toList();
    }

    <T> T step(String name, java.util.function.Supplier<T> work) {
        long t = System.nanoTime();
        T result = work.get();
        Duration took = Duration.ofNanos(System.nanoTime() - t);
        timings.put(name, took);
        System.out.printf("real-host scenario: %s took %.1f s%n", name, took.toMillis() / 1000.0);
        return result;
    }

    @Override
    public void close() {
        if (System.getenv("KUBELODE_KEEP_HOSTS") != null) {
            System.out.println("real-host scenario: KUBELODE_KEEP_HOSTS is set, the hosts stay: "
                    + hosts.stream().map(h -> h.name() + "@" + h.address()).toList());
            pool.shutdownNow();
            return;
        }
        hosts.forEach(DebianHost::close);
        BRIDGE.remove();
        pool.shutdownNow();
    }
}
