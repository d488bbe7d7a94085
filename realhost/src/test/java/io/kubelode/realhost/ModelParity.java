package io.kubelode.realhost;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.kafka.LocalKafka;
import io.kubelode.lxc.host.LxcNode;
import io.kubelode.network.NetworkApplier;
import io.kubelode.network.NetworkApplier.NodeResult;
import io.kubelode.network.plan.ClusterNetwork;
import io.kubelode.network.plan.NetworkPlanner;
import io.kubelode.network.plan.NodeEndpoint;
import io.kubelode.provisioner.flow.BaseRoleStep;
import io.kubelode.provisioner.flow.BootWait;
import io.kubelode.provisioner.flow.InstanceStep;
import io.kubelode.provisioner.linode.Backoff;
import io.kubelode.provisioner.linode.HttpLinodeApi;
import io.kubelode.provisioner.linode.Instance;
import io.kubelode.provisioner.linode.RateGate;
import io.kubelode.provisioner.plan.NodePlan;
import io.kubelode.provisioner.plan.ProvisioningPlan;
import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import io.kubelode.nodeshell.ssh.ClusterKeys;
import io.kubelode.nodeshell.ssh.SshNodeShell;
import io.kubelode.nodeshell.ssh.SshTarget;
import io.kubelode.testkit.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parity of the light stand-in with real hosts, checked by {@link RealHostScenarioIT} on the
 * shared scenario before its last check. The sandbox's state model (model mode, what the 100-cluster
 * benchmark, chaos and the fault matrix run on, because real machines cannot be had at that count)
 * answers kubelode's scripts by their declared names; here the very same steps that built the shared
 * real-host scenario (the same plans, the same code, the same scripts) run against three model
 * instances, created, booted and given the base role by the provisioner's own client and steps
 * ({@link InstanceStep}, {@link BootWait}, {@link BaseRoleStep}) through the sandbox's API with the
 * cloud-config it sends, and reached over SSH with their pinned host keys; every layer must report
 * what it reported on the real hosts: the base role (its first run, as the provisioner's log says),
 * the lxc layer's {@code LxcReady} (containers, roles, addresses, id maps, SELinux, walls) as its
 * event says, the network layer's per-node result of a first run (its event's {@code changed}, and
 * the notes of the first run the check made on the real hosts after the layer's compensation). A
 * second run reports no change, as on the real hosts. Only what names a host differs (its addresses
 * in the network layer's notes), and it is mapped; what this machine's kernel alone causes is named
 * in {@link #comparable}.
 */
final class ModelParity {
    private static final String TOKEN = "parity-token";
    private static final String RANGE = "127.87.0.0/16";

    private ModelParity() {
    }

    /** {@code realNetwork}: the network layer's results of a first run on the real hosts, in node order. */
    static void check(RealHostScenario real, List<NodeResult> realNetwork) throws Exception {
        ClusterKeys keys = ClusterKeys.derive("parity-master-secret-of-this-test".getBytes(StandardCharsets.UTF_8),
                real.cluster);
        List<NodePlan> plans = ProvisioningPlan.nodes(real.cluster, real.spec, keys);
        int sshPort = LocalKafka.freePort();
        try (ServiceProcess sandbox = ServiceProcess.start("sandbox-parity", Path.of("../sandbox"), Map.of(
                "kubelode.sandbox.tokens", TOKEN,
                "kubelode.sandbox.machines.mode", "model",
                "kubelode.sandbox.network.public-ipv4-range", RANGE,
                "kubelode.sandbox.network.ssh-port", String.valueOf(sshPort),
                "kubelode.sandbox.delays.provisioning", "100ms",
                "kubelode.sandbox.delays.boot", "100ms"), Path.of("target/parity-logs"))) {
            // the instances as the provisioner makes them: its Linode client, its steps
            Clock clock = Clock.systemUTC();
            HttpLinodeApi api = new HttpLinodeApi(sandbox.url("/v4"), TOKEN, Duration.ofSeconds(10),
                    Backoff.defaults(), new RateGate(clock, 100, Duration.ofSeconds(10)),
                    new RateGate(clock, 10, Duration.ofSeconds(10)), clock);
            InstanceStep instances = new InstanceStep(api);
            BootWait boot = new BootWait(api, Duration.ofSeconds(30), Duration.ofSeconds(1));
            BaseRoleStep baseRole = new BaseRoleStep(t -> new SshNodeShell(t, Duration.ofSeconds(20)),
                    Duration.ofSeconds(30), Duration.ofMinutes(2));
            Map<Integer, SshTarget> targets = new LinkedHashMap<>();
            for (NodePlan plan : plans) {
                Instance running = boot.untilRunning(instances.ensure(plan).instance(), () -> false);
                targets.put(plan.node(), SshTarget.of(running.publicIpv4().orElseThrow(), sshPort, "root",
                        plan.hostKeyLine(), keys.clientKey().keyPair()));
            }

            // the provisioner's base role
            List<CommandResult> base = real.parallel(n -> baseRole.apply(targets.get(n), () -> false));
            for (int n = 1; n <= RealHostScenario.NODES; n++) {
                CommandResult r = base.get(n - 1);
                assertThat(r.exitStatus()).as("base role on model node %d: %s", n, r.stderrTail()).isZero();
                assertThat(r.changed()).as("base role's first run changed node %d, as on the real host", n)
                        .isEqualTo(real.baseRoleChanged.get(n));
            }

            // the lxc layer: its compensation before anything (on a host without LXD, lxd-release.sh has nothing
            // to release), then LXD and the two containers
            try (NodeShell shell = shell(targets.get(1))) {
                assertThat(LxcNode.release(shell, real.lxcPlans.get(1)))
                        .as("the lxc layer's compensation on a node it never touched").isFalse();
            }
            List<LxcNode.Outcome> lxc = real.parallel(n -> {
                try (NodeShell shell = shell(targets.get(n))) {
                    return LxcNode.ensure(shell, real.lxcPlans.get(n));
                }
            });
            for (int n = 1; n <= RealHostScenario.NODES; n++) {
                LxcReady model = lxc.get(n - 1).ready();
                assertThat(lxc.get(n - 1).changed()).as("lxc layer's first run on model node %d", n).isTrue();
                assertThat(model).as("LxcReady of node %d: the model's (actual) against the real host's (expected)",
                        n).isEqualTo(real.lxcReady.get(n));
            }

            // the network layer: the same mesh keys, the model instances' addresses
            Map<Integer, NodeEndpoint> endpoints = new LinkedHashMap<>();
            Map<Integer, String> publicKeys = new LinkedHashMap<>();
            for (int n = 1; n <= RealHostScenario.NODES; n++) {
                endpoints.put(n, new NodeEndpoint(n, targets.get(n).host(), targets.get(n).host()));
                publicKeys.put(n, real.meshKeys.get(n).publicKey());
            }
            ClusterNetwork network = NetworkPlanner.plan(real.cluster, real.spec, real.addresses,
                    endpoints, publicKeys);
            NetworkApplier applier = new NetworkApplier(real.pool, Duration.ofMinutes(2), 1, Duration.ofSeconds(1));
            List<NodeResult> mesh = applier.apply(network, real.meshKeys::get, n -> shell(targets.get(n))).join();
            for (int n = 1; n <= RealHostScenario.NODES; n++) {
                NodeResult onReal = realNetwork.get(n - 1);
                NodeResult onModel = mesh.get(n - 1);
                assertThat(onModel.node()).isEqualTo(onReal.node());
                assertThat(onModel.changed()).as("network layer's first run on node %d", n)
                        .isEqualTo(onReal.changed()).isEqualTo(real.routes.get(n).changed());
                assertThat(comparable(hostsMapped(onModel.notes(), targets, real)))
                        .as("network layer's notes on node %d, the model's host addresses written as the real ones'", n)
                        .isEqualTo(comparable(onReal.notes()));
                // the real first run was after the layer's compensation, which leaves packages installed: what
                // the model says it installed on its fresh node is installed on the real one
                List<String> packages = onModel.notes().lines().filter(l -> l.startsWith(INSTALLED))
                        .flatMap(l -> java.util.Arrays.stream(l.substring(INSTALLED.length()).trim().split("\\s+")))
                        .filter(p -> !p.equals("wireguard-go")).toList();
                if (!packages.isEmpty()) {
                    CommandResult installed = real.run(n, "dpkg-query -W -f='${Package} ${Status}\\n' "
                            + String.join(" ", packages));
                    assertThat(installed.stdout().lines()).as("%s on real node %d", packages, n)
                            .hasSize(packages.size()).allMatch(l -> l.endsWith(" install ok installed"));
                }
            }

            // a rerun changes nothing, as on the real hosts
            List<CommandResult> baseAgain = real.parallel(n -> baseRole.apply(targets.get(n), () -> false));
            assertThat(baseAgain).as("base role rerun").noneMatch(CommandResult::changed);
            List<LxcNode.Outcome> lxcAgain = real.parallel(n -> {
                try (NodeShell shell = shell(targets.get(n))) {
                    return LxcNode.ensure(shell, real.lxcPlans.get(n));
                }
            });
            assertThat(lxcAgain).as("lxc layer rerun").noneMatch(LxcNode.Outcome::changed);
            assertThat(applier.apply(network, real.meshKeys::get, n -> shell(targets.get(n))).join())
                    .as("network layer rerun").noneMatch(NodeResult::changed);
        }
    }

    private static final String INSTALLED = "kubelode: installed ";

    /**
     * The network notes, less the packages installed and the detail of the WireGuard state's diff: the
     * real hosts' first run here follows the layer's compensation, which keeps packages (checked apart,
     * on the real host), and the real hosts install wireguard-go because this kernel has no WireGuard
     * module (Linode's has, and the model stands for a Linode); {@code configured kl-mesh: <diff>} is
     * compared up to the colon (the model keeps the peers, not the wg state the diff is made of).
     */
    private static java.util.List<String> comparable(String notes) {
        return notes.lines().filter(l -> !l.startsWith(INSTALLED))
                .map(l -> l.startsWith("kubelode: configured kl-mesh") ? "kubelode: configured kl-mesh" : l).toList();
    }

    /** The network notes name the nodes' addresses: the model's, written as the real hosts' for comparing. */
    private static String hostsMapped(String notes, Map<Integer, SshTarget> targets, RealHostScenario real) {
        String mapped = notes;
        for (int n = RealHostScenario.NODES; n >= 1; n--) {
            mapped = mapped.replace(targets.get(n).host(), real.host(n).address());
        }
        return mapped;
    }

    private static NodeShell shell(SshTarget target) {
        return new SshNodeShell(target, Duration.ofSeconds(20));
    }
}
