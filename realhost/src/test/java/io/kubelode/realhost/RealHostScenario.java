package io.kubelode.realhost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.events.EventType;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.NetworkEvent.NodeRoutes;
import io.kubelode.events.NetworkEvent.NetworkRouted;
import io.kubelode.events.Topics;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.plan.LinodeNames;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.hosts.DebianHost;
import io.kubelode.lxc.plan.LxcPlan;
import io.kubelode.network.MeshKeys;
import io.kubelode.network.NetworkApplier;
import io.kubelode.network.NetworkApplier.NodeResult;
import io.kubelode.network.plan.ClusterNetwork;
import io.kubelode.network.plan.MeshKey;
import io.kubelode.network.plan.NetworkPlanner;
import io.kubelode.network.plan.NodeEndpoint;
import io.kubelode.provisioner.plan.NodePlan;
import io.kubelode.provisioner.plan.ProvisioningPlan;
import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import io.kubelode.nodeshell.ssh.ClusterKeys;
import io.kubelode.nodeshell.ssh.SshNodeShell;
import io.kubelode.nodeshell.ssh.SshTarget;
import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.StackService;
import io.kubelode.testkit.stack.TopicHistory;
import io.kubelode.testkit.stack.TopicHistory.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The shared real-host scenario, built once per test run: every service as its own process on a
 * real broker, against the sandbox with real machines ({@code kubelode.sandbox.machines.mode=real}),
 * and three clusters side by side, as the saga drives them. The provisioner creates the instances
 * through the API, each a Debian 12 machine booted by Debian's cloud-init with the pinned host key,
 * and every layer's scripts run on them for real: the base role, LXD with the two unprivileged
 * containers, the mesh and routes, the k8s layer (Debian's containerd, HAProxy and CNI plugins, the
 * sandbox's signed stand-ins of kubelet, kubeadm and kubectl), the apps and DNS.
 *
 * <ul>
 *   <li>{@link #cluster}, with a home peer on the bridge, reaches Ready: the three hosts every check
 *   of {@link RealHostScenarioIT} and {@link ModelParity} runs on;</li>
 *   <li>{@link #failing}'s control-plane join on node 3 stops half-way, right after the stand-in
 *   kubeadm added node 3's member to the real etcd (a {@code fail-commands} fault on
 *   {@code kubeadm join --control-plane}, which the stand-in asks the sandbox about at that point);</li>
 *   <li>{@link #byName}'s LXD host step fails on node 3 by the script's declared name
 *   ({@code lxd-host.sh}: each machine's ssh gate asks the sandbox about every script by it); its nodes 1
 *   and 2 end their LXD host step and, their cluster being rolled back, make no container.</li>
 * </ul>
 * Both failing clusters roll back to nothing; the last check asks so, deletes {@link #cluster} and
 * finds no instance, machine or bridge left.
 *
 * <p>What it proves runs on this machine's kernel: cgroup v1, no AppArmor, no WireGuard module
 * (the mesh runs on wireguard-go). Linode's Debian 12 is cgroup v2 with AppArmor.
 */
public final class RealHostScenario implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    static final int NODES = 3;
    static final String PREFIX = "kl-saga";
    static final String RANGE = "172.31.246";
    static final String BRIDGE = "klsaga0";
    /** Where the home server's WireGuard listens, on the bridge that stands for the internet. */
    static final String HOME_PUBLIC = RANGE + ".240";
    /** An address of the bridge outside every instance's, for the namespace that stands for the internet. */
    static final String INTERNET = RANGE + ".250";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** One host of {@link #cluster}: its sandbox machine, instance id and addresses. */
    record Host(int node, String machine, long linodeId, String address, String privateAddress, SshTarget ssh) {
    }

    final LocalStack stack;
    /** The cluster that reaches Ready, and the two that fail on node 3. */
    final String cluster;
    final String failing;
    final String byName;
    final Duration toReady;
    final ClusterSpec spec;
    final AddressPlan addresses;
    final Map<Integer, Host> hosts = new LinkedHashMap<>();
    final Map<Integer, LxcPlan> lxcPlans = new LinkedHashMap<>();
    /** What the lxc layer reported for each node, from its events. */
    final Map<Integer, LxcReady> lxcReady = new LinkedHashMap<>();
    /** What the network layer reported for each node, from its event. */
    final Map<Integer, NodeRoutes> routes = new LinkedHashMap<>();
    /** Whether the provisioner's base role changed each node on its first run (its log says). */
    final Map<Integer, Boolean> baseRoleChanged = new LinkedHashMap<>();
    /** Every node's WireGuard key, derived from the stack's master secret as the network layer derives it. */
    final Map<Integer, MeshKey> meshKeys = new LinkedHashMap<>();
    /** The home server's WireGuard key: the spec's home peer, which the nodes push their backups to. */
    final MeshKey homeKey = MeshKey.generate();
    final ClusterNetwork network;
    final ExecutorService pool = Executors.newFixedThreadPool(NODES);
    private ClusterKeys keys;
    private List<NodePlan> plans;
    private final Map<Integer, NodeShell> shells = new ConcurrentHashMap<>();
    private boolean closed;

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

    static String spec(String name, String homePeer) {
        return """
                name: %s
                region: us-east
                nodes: 3
                domain: %s.example.org
                apps: [web]
                sshKeys:
                  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlpvcg1lQVofvTVFCu4pK5kiC07l4/Ss3ZpxKBbYlZc me@home
                """.formatted(name, name) + homePeer;
    }

    private RealHostScenario() {
        // the sandbox's first boot needs the cloud base and the LXD image: made before the stack starts (unless
        // cached), so its services do not idle on two busy cores meanwhile and no instance waits for the image
        DebianHost.prepareCloudInstances();
        stack = LocalStack.builder().ipv4Range(RANGE + ".0/24")
                .readyTimeout(Duration.ofMinutes(3))
                .prop(StackService.SANDBOX, "kubelode.sandbox.machines.mode", "real")
                .prop(StackService.SANDBOX, "kubelode.sandbox.machines.bridge", BRIDGE)
                .prop(StackService.SANDBOX, "kubelode.sandbox.machines.name-prefix", PREFIX)
                .prop(StackService.SANDBOX, "kubelode.sandbox.network.ssh-port", "22")
                .prop(StackService.PROVISIONER, "kubelode.provisioner.ssh-port", "22")
                // day two: a reboot or a lost instance is seen within 2 s (checks 13 and 98)
                .prop(StackService.PROVISIONER, "kubelode.provisioner.watch.interval", "2s")
                .prop(StackService.K8S, "kubelode.k8s.kubernetes-repository",
                        "http://" + RANGE + ".1:8079/apt/k8s/v{minor}/")
                // Docker's repository (containerd.io, the default on Linode) is unreachable here: Debian's own
                .prop(StackService.K8S, "kubelode.k8s.containerd-version", "containerd=1.6.*")
                .start();
        try {
            // the stand-in kubeadm asks the sandbox after it added node 3's member to the real etcd, before it
            // starts that member: the join stops half-way, as kubeadm #2095's did
            stack.sandbox().fault(Map.of("type", "fail-commands", "label_pattern", "realfail-[a-z0-9]+-3",
                    "command_pattern", "^kubeadm join --control-plane$",
                    "stderr", "kubeadm join failed: injected by the sandbox on node 3 after its etcd member was added"));
            // keyed by the script's declared name (# kubelode: lxd-host.sh): the machine's ssh gate asks the sandbox.
            // Nodes 1 and 2 end their LXD host step and make no container: their cluster is rolled back by then
            stack.sandbox().fault(Map.of("type", "fail-commands", "label_pattern", "realname-[a-z0-9]+-3",
                    "command_pattern", "^lxd-host\\.sh$",
                    "stderr", "lxd-host.sh failed: injected by the sandbox on node 3"));
            String home = """
                    homePeer:
                      endpoint: %s:51820
                      publicKey: %s
                      lanCidr: 192.168.1.0/24
                    """.formatted(HOME_PUBLIC, homeKey.publicKey());
            Instant start = Instant.now();
            cluster = stack.gateway().create(spec("realok", home), "real-saga-ok");
            failing = stack.gateway().create(spec("realfail", ""), "real-saga-fail");
            byName = stack.gateway().create(spec("realname", ""), "real-saga-name");

            String phase = awaitEnd(cluster, List.of("Ready", "RolledBack", "Failed"));
            toReady = Duration.between(start, Instant.now());
            List<Entry> events = history(cluster);
            if (!phase.equals("Ready")) {
                throw new IllegalStateException("the scenario's cluster ended " + phase + ", its failures: "
                        + failures(events));
            }
            System.out.printf("real-host scenario: %s Ready after %d s%n", cluster, toReady.toSeconds());

            spec = JSON.treeToValue(only(events, EventType.CLUSTER_REQUESTED).get("spec"), ClusterSpec.class);
            addresses = AddressPlan.of(spec);
            byte[] masterSecret = stack.secrets().get(2).getBytes(StandardCharsets.UTF_8);
            ClusterKeys keys = ClusterKeys.derive(masterSecret, cluster);
            MeshKeys mesh = new MeshKeys(masterSecret);
            List<NodePlan> plans = ProvisioningPlan.nodes(cluster, spec, keys);
            String provisionerLog = Files.readString(stack.workDir().resolve("logs/provisioner-service.log"));
            this.keys = keys;
            this.plans = plans;
            for (JsonNode provisioned : all(events, EventType.NODE_PROVISIONED)) {
                int n = provisioned.path("node").asInt();
                String address = provisioned.path("publicIpv4").asText();
                hosts.put(n, host(provisioned));
                String said = "base role on root@" + address + ":22: ";
                baseRoleChanged.put(n, provisionerLog.contains(said + "changed"));
                if (!baseRoleChanged.get(n) && !provisionerLog.contains(said + "unchanged")) {
                    throw new IllegalStateException("the provisioner's log says nothing of the base role on node " + n);
                }
            }
            for (JsonNode ready : all(events, EventType.LXC_READY)) {
                LxcReady r = JSON.treeToValue(ready, LxcReady.class);
                lxcReady.put(r.node(), r);
            }
            NetworkRouted routed = JSON.treeToValue(only(events, EventType.NETWORK_ROUTED), NetworkRouted.class);
            routed.nodes().forEach(r -> routes.put(r.node(), r));
            Map<Integer, NodeEndpoint> endpoints = new LinkedHashMap<>();
            Map<Integer, String> publicKeys = new LinkedHashMap<>();
            for (int n = 1; n <= NODES; n++) {
                lxcPlans.put(n, LxcPlan.of(cluster, addresses.node(n)));
                meshKeys.put(n, mesh.of(cluster, n));
                publicKeys.put(n, meshKeys.get(n).publicKey());
                endpoints.put(n, new NodeEndpoint(n, host(n).address(), host(n).privateAddress()));
            }
            network = NetworkPlanner.plan(cluster, spec, addresses, endpoints, publicKeys);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Applies the network layer's scripts on every node at once, as the network service does. */
    List<NodeResult> applyNetwork() {
        return applier().apply(network, meshKeys::get, this::ssh).join();
    }

    /** Removes the network layer's state from every node, as its compensation does. */
    List<NodeResult> removeNetwork() {
        return applier().remove(cluster, List.of(1, 2, 3), this::ssh).join();
    }

    private NetworkApplier applier() {
        return new NetworkApplier(pool, Duration.ofMinutes(5), 1, Duration.ofSeconds(1));
    }

    /** The nodes whose host and containers have busybox (a replaced node's new machine has none). */
    private final java.util.Set<Integer> busybox = new java.util.HashSet<>();

    /**
     * busybox (ping, nc) on every host and in every container, copied from this
     * machine (the same Debian release): the checks' probes and listeners. Once per machine: a running
     * busybox cannot be overwritten.
     */
    synchronized void busyboxEverywhere() {
        for (int n = 1; n <= NODES; n++) {
            if (busybox.contains(n)) {
                continue;
            }
            copyIn(n, Path.of("/bin/busybox"), "/usr/local/bin/busybox");
            CommandResult r = run(n, "set -e; for c in " + master(n) + " " + worker(n) + "; do "
                    + "lxc file push --mode 0755 /usr/local/bin/busybox \"$c\"/usr/local/bin/busybox; done");
            if (r.exitStatus() != 0) {
                throw new IllegalStateException("busybox into the containers of node " + n + ": " + r.stderrTail());
            }
            busybox.add(n);
        }
    }

    /** Copies a file of this machine into node {@code n}'s host (its machine's root file system). */
    void copyIn(int n, Path source, String absoluteTarget) {
        DebianHost.copyInto(host(n).machine(), source, absoluteTarget);
    }

    Host host(int n) {
        return hosts.get(n);
    }

    private Host host(JsonNode provisioned) {
        int n = provisioned.path("node").asInt();
        String address = provisioned.path("publicIpv4").asText();
        return new Host(n, PREFIX + "-" + provisioned.path("linodeId").asLong(), provisioned.path("linodeId").asLong(),
                address, provisioned.path("privateIpv4").asText(),
                SshTarget.of(address, 22, "root", plans.get(n - 1).hostKeyLine(), keys.clientKey().keyPair()));
    }

    /** Node {@code n} has a new instance (a replacement), as the NodeProvisioned that announced it says. */
    void replaced(JsonNode provisioned) {
        int n = provisioned.path("node").asInt();
        hosts.put(n, host(provisioned));
        reconnect(n);
        synchronized (this) {
            busybox.remove(n); // the new machine and its containers have none yet
        }
    }

    /** The values of the cluster's events of one type, oldest first (not printed). */
    List<JsonNode> events(EventType type) {
        List<Entry> all = TopicHistory.ofCluster(TopicHistory.read(stack.bootstrapServers(), Topics.ALL), cluster)
                .values().stream().flatMap(List::stream).sorted(Comparator.comparingLong(Entry::timestamp)).toList();
        return all(all, type);
    }

    String master(int n) {
        return cluster + "-" + n + "-master";
    }

    String worker(int n) {
        return cluster + "-" + n + "-worker";
    }

    /** A new SSH connection to node {@code n} as root, as the layers open it: the cluster's key, the host key pinned. */
    NodeShell ssh(int n) {
        return new SshNodeShell(host(n).ssh(), Duration.ofSeconds(20));
    }

    /**
     * Runs {@code script} on node {@code n} over SSH, on the checks' own connection to that node: one per
     * node, kept open (hundreds of short probes, each of which would otherwise pay a key exchange and an
     * sshd start on a host with a quarter of a process's CPU weight).
     */
    CommandResult run(int n, String script) {
        return shells.computeIfAbsent(n, this::ssh).run(script, SCRIPT_TIMEOUT);
    }

    /** Closes the checks' connection to node {@code n}: its host went down (a reboot), the next run opens a new one. */
    void reconnect(int n) {
        NodeShell shell = shells.remove(n);
        if (shell != null) {
            shell.close();
        }
    }

    /** Runs {@code perNode} for nodes 1..3 at once; the results in node order. */
    <T> List<T> parallel(IntFunction<T> perNode) {
        List<CompletableFuture<T>> all = new ArrayList<>();
        for (int n = 1; n <= NODES; n++) {
            int node = n;
            all.add(CompletableFuture.supplyAsync(() -> perNode.apply(node), pool));
        }
        try {
            return all.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            // a check's own assertion, as if it had run on this thread
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The sandbox's machine of {@code cluster}'s node n (its name is the prefix and the instance id). */
    String machine(String cluster, int n) {
        String label = LinodeNames.instanceLabel(cluster, n);
        return PREFIX + "-" + stack.sandbox().instances().stream().filter(i -> label.equals(i.path("label").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no instance " + label)).path("id").asLong();
    }

    /** Waits until cluster {@code id}'s phase is one of {@code ends}; returns it. */
    String awaitEnd(String id, List<String> ends) {
        String[] phase = {""};
        Awaitility.await("cluster " + id + " ends").atMost(Duration.ofMinutes(25)).pollInterval(Duration.ofSeconds(2))
                .until(() -> ends.contains(phase[0] = stack.gateway().phase(id)));
        return phase[0];
    }

    /** Every event of cluster {@code id}, oldest first; printed, with the failures' values. */
    List<Entry> history(String id) {
        Map<String, List<Entry>> history = TopicHistory.ofCluster(TopicHistory.read(stack.bootstrapServers(), Topics.ALL),
                id);
        List<Entry> all = history.values().stream().flatMap(List::stream)
                .sorted(Comparator.comparingLong(Entry::timestamp)).toList();
        all.forEach(e -> System.out.printf("%s %s %-40s %s%n", id, Instant.ofEpochMilli(e.timestamp()), e.type(),
                e.type() != null && e.type().contains("failed") ? e.value() : ""));
        return all;
    }

    /** The failure events' values: what the CI log shows when the phase is not the expected one. */
    static List<String> failures(List<Entry> all) {
        return all.stream().filter(e -> e.type() != null && e.type().contains("failed")).map(Entry::value).toList();
    }

    static long count(List<Entry> all, EventType type) {
        return all.stream().filter(e -> type.type().equals(e.type())).count();
    }

    private static List<JsonNode> all(List<Entry> events, EventType type) {
        List<JsonNode> values = new ArrayList<>();
        for (Entry e : events) {
            if (type.type().equals(e.type())) {
                try {
                    values.add(JSON.readTree(e.value()));
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        }
        return values;
    }

    private static JsonNode only(List<Entry> events, EventType type) {
        List<JsonNode> values = all(events, type);
        if (values.size() != 1) {
            throw new IllegalStateException(values.size() + " events " + type.type() + ", not one");
        }
        return values.get(0);
    }

    /** Stops every service and the sandbox, whose machines and bridge go with it; once. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            pool.shutdownNow();
            shells.values().forEach(NodeShell::close);
            stack.close();
        }
    }
}
