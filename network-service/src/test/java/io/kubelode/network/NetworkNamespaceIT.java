package io.kubelode.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.HomePeer;
import io.kubelode.network.NetworkApplier.NodeResult;
import io.kubelode.network.netns.NamespaceLab;
import io.kubelode.network.netns.Netns;
import io.kubelode.network.plan.ClusterNetwork;
import io.kubelode.network.plan.Fixtures;
import io.kubelode.network.plan.MeshKey;
import io.kubelode.network.plan.NetworkPlanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The proof: the scripts the service generates, run through a namespace shell on three "instances"
 * with containers and pods behind them, make real traffic flow — encrypted on the underlay — and
 * their removal leaves the instances as they were. One scenario, in steps.
 */
@TestMethodOrder(OrderAnnotation.class)
class NetworkNamespaceIT {
    static final String CLUSTER = "homelab";
    static final int BACKUP_PORT = 873;

    static NamespaceLab lab;
    static ClusterSpec spec;
    static ClusterNetwork network;
    static MeshKey homeKey;
    static Map<Integer, MeshKey> keys;
    static NetworkApplier applier;
    static ExecutorService pool;
    static final Map<String, String> before = new LinkedHashMap<>();

    @BeforeAll
    static void buildTheLab() {
        homeKey = MeshKey.generate();
        ClusterSpec example = Fixtures.homelab();
        spec = new ClusterSpec(example.name(), example.region(), example.nodeType(), example.image(), 3,
                example.domain(), example.apps(), example.sshKeys(),
                new HomePeer(NamespaceLab.HOME_PUBLIC + ":51820", homeKey.publicKey(), "192.168.1.0/24", BACKUP_PORT),
                example.kubernetesVersion(), example.keepOnFailure());
        AddressPlan plan = AddressPlan.of(spec);
        lab = new NamespaceLab(plan);
        keys = Fixtures.keys(CLUSTER, 3);
        Map<Integer, String> publicKeys = new LinkedHashMap<>();
        keys.forEach((n, k) -> publicKeys.put(n, k.publicKey()));
        network = NetworkPlanner.plan(CLUSTER, spec, plan, lab.endpoints(), publicKeys);
        for (int n = 1; n <= 3; n++) {
            before.put(lab.instance(n), lab.snapshot(lab.instance(n)));
        }
        lab.listen(lab.container(1, "w"), BACKUP_PORT, "backup-port-on-node-1s-worker");
        lab.listen(lab.container(1, "w"), 22, "ssh-on-node-1s-worker");
        lab.listen(lab.container(1, "m"), BACKUP_PORT, "backup-port-on-the-master");
        lab.listen(lab.pod(2, "w"), BACKUP_PORT, "backup-port-in-a-pod");
        lab.listen(lab.pod(3, "m"), 5432, "db-ok");
        pool = Executors.newFixedThreadPool(16);
        applier = new NetworkApplier(pool, Duration.ofSeconds(60), 3, Duration.ofMillis(500));
    }

    @AfterAll
    static void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (lab != null) {
            lab.close();
        }
    }

    static List<NodeResult> apply() {
        return applier.apply(network, keys::get, n -> lab.shell(lab.instance(n))).join();
    }

    static List<NodeResult> remove() {
        return applier.remove(CLUSTER, List.of(1, 2, 3), n -> lab.shell(lab.instance(n))).join();
    }

    @Test
    @Order(1)
    void appliesTheGeneratedScriptsOnEveryNodeAtOnce() {
        long start = System.nanoTime();
        List<NodeResult> results = apply();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.err.printf("kubelode: applied the network to 3 namespace nodes in %d ms%n", millis);
        assertThat(results).extracting(NodeResult::changed).containsExactly(true, true, true);
        assertThat(lab.onNode(lab.instance(1), "wg show kl-mesh peers"))
                .contains(keys.get(2).publicKey(), keys.get(3).publicKey(), homeKey.publicKey());
    }

    @Test
    @Order(2)
    void aPodRangeOnNode1ReachesAPodRangeOnNode3() {
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.ping(lab.pod(1, "m"), lab.podAddress(3, "m"), 2));
        assertThat(lab.connect(lab.pod(1, "w"), lab.podAddress(3, "m"), 5432)).isEqualTo("db-ok");
        for (int from = 1; from <= 3; from++) {
            for (int to = 1; to <= 3; to++) {
                for (String role : List.of("m", "w")) {
                    int f = from;
                    String target = lab.podAddress(to, role);
                    await().atMost(Duration.ofSeconds(10))
                            .untilAsserted(() -> assertThat(lab.ping(lab.pod(f, "w"), target, 2))
                                    .as("pod on node %d reaches %s", f, target).isTrue());
                }
            }
        }
        assertThat(lab.ping(lab.container(1, "m"), network.plan().node(3).workerAddress(), 2)).isTrue();
        assertThat(lab.ping(lab.instance(2), network.plan().node(3).masterAddress(), 2)).isTrue();
    }

    @Test
    @Order(3)
    void theUnderlayCarriesOnlyWireGuardNeverThePodAddresses() throws Exception {
        Path out = Files.createTempFile("underlay-", ".txt");
        Path err = Files.createTempFile("underlay-", ".err");
        Process tcpdump = new ProcessBuilder("ip", "netns", "exec", lab.sw(), "tcpdump", "-i", "br0", "-n", "-l",
                "-U", "ip").redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(err).contains("listening on"));
            assertThat(lab.ping(lab.pod(1, "m"), lab.podAddress(3, "m"), 2)).isTrue();
            assertThat(lab.connect(lab.pod(1, "w"), lab.podAddress(3, "m"), 5432)).isEqualTo("db-ok");
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(out).lines()
                    .filter(l -> l.contains("192.168.130.1.51820 > 192.168.130.3.51820")).count() >= 4);
        } finally {
            tcpdump.destroy();
            tcpdump.waitFor();
        }
        List<String> lines = Files.readAllLines(out);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        assertThat(lines).anyMatch(l -> l.contains("192.168.130.1.51820 > 192.168.130.3.51820: UDP"))
                .anyMatch(l -> l.contains("192.168.130.3.51820 > 192.168.130.1.51820: UDP"));
        assertThat(lines).noneMatch(l -> l.contains("10.100.") || l.contains("10.101.") || l.contains("10.103."));
    }

    @Test
    @Order(4)
    void podsOnEveryNodePushToHomesBackupPortFromNode1sMeshAddressAndHomeOpensNothing() {
        // the home side as the README sets it up: one peer (node 1) whose mesh address is all it allows
        String node1 = keys.get(1).publicKey();
        String node1Mesh = network.plan().node(1).meshAddress();
        String script = "set -euo pipefail\nwireguard-go kl-home >&2\n"
                + "wg set kl-home private-key <(printf '%s\\n' '" + homeKey.privateKey() + "') listen-port 51820 peer "
                + node1 + " endpoint " + NamespaceLab.publicIpv4(1) + ":51820 allowed-ips " + node1Mesh + "/32"
                + " persistent-keepalive 25\n"
                + "ip addr add " + network.plan().homeMeshAddress() + "/24 dev kl-home\nip link set kl-home up\n"
                + "echo kubelode:changed\n";
        assertThat(lab.shell(lab.home()).run(script, Duration.ofSeconds(30)).exitStatus()).isZero();
        // home's WireGuard accepts from node 1 only packets whose source its peer entry allows, node 1's
        // mesh address: a pod's connection that gets an answer was sent home from that address
        lab.listen(lab.home(), BACKUP_PORT, "home-backup");
        lab.listen(lab.home(), 22, "ssh-at-home");
        String home = network.plan().homeMeshAddress();
        for (int n = 1; n <= 3; n++) {
            for (String role : List.of("w", "m")) {
                String pod = lab.pod(n, role);
                await("a backup from pod " + pod).atMost(Duration.ofSeconds(20))
                        .until(() -> "home-backup".equals(lab.connect(pod, home, BACKUP_PORT)));
            }
            assertThat(lab.connect(lab.pod(n, "w"), home, 22)).as("another port at home, from node %s", n).isNull();
        }
        // and home opens nothing in the cluster
        assertThat(lab.connect(lab.home(), network.plan().node(1).workerAddress(), BACKUP_PORT))
                .as("node 1's worker").isNull();
        assertThat(lab.connect(lab.home(), network.plan().node(1).workerAddress(), 22)).isNull();
        assertThat(lab.connect(lab.home(), network.plan().node(1).masterAddress(), BACKUP_PORT)).isNull();
        assertThat(lab.ping(lab.home(), node1Mesh, 1)).as("node 1 itself").isFalse();
        assertThat(lab.ping(lab.home(), network.plan().node(2).meshAddress(), 1)).as("node 2").isFalse();
        assertThat(lab.connect(lab.pod(2, "w"), home, BACKUP_PORT)).isEqualTo("home-backup");
    }

    @Test
    @Order(5)
    void anotherCustomerOnThePrivateNetworkCannotReachContainersOrPods() {
        assertThat(lab.ping(lab.intruder(), NamespaceLab.privateIpv4(1), 2)).as("the underlay works").isTrue();
        String worker = network.plan().node(1).workerAddress();
        assertThat(lab.connect(lab.intruder(), worker, BACKUP_PORT)).isNull();
        assertThat(lab.ping(lab.intruder(), lab.podAddress(1, "m"), 1)).isFalse();
        assertThat(lab.ping(lab.intruder(), network.plan().node(1).masterAddress(), 1)).isFalse();
        // without kubelode's rules the intruder gets in: the assertions above can fail
        Netns.must(lab.instance(1), "nft flush chain inet kubelode_mesh forward");
        assertThat(lab.connect(lab.intruder(), worker, BACKUP_PORT)).isEqualTo("backup-port-on-node-1s-worker");
        List<NodeResult> again = apply();
        assertThat(again).as(again.toString()).extracting(NodeResult::changed).containsExactly(true, false, false);
        assertThat(lab.connect(lab.intruder(), worker, BACKUP_PORT)).isNull();
    }

    @Test
    @Order(6)
    void applyingTwiceChangesNothing() {
        Map<String, String> after = new LinkedHashMap<>();
        for (int n = 1; n <= 3; n++) {
            after.put(lab.instance(n), stable(lab.snapshot(lab.instance(n))));
        }
        List<NodeResult> again = apply();
        assertThat(again).as(again.toString()).extracting(NodeResult::changed).containsExactly(false, false, false);
        for (int n = 1; n <= 3; n++) {
            assertThat(stable(lab.snapshot(lab.instance(n)))).isEqualTo(after.get(lab.instance(n)));
        }
    }

    @Test
    @Order(7)
    void removingANodesRoutesBreaksExactlyItsRanges() {
        var node3 = network.plan().node(3);
        Netns.must(lab.instance(1), "ip route del " + node3.containerSubnet() + " dev kl-mesh && ip route del "
                + node3.podCidr() + " dev kl-mesh");
        assertThat(lab.ping(lab.pod(1, "m"), lab.podAddress(3, "m"), 1)).isFalse();
        assertThat(lab.ping(lab.pod(1, "w"), lab.podAddress(3, "w"), 1)).isFalse();
        assertThat(lab.ping(lab.container(1, "m"), node3.masterAddress(), 1)).isFalse();
        assertThat(lab.ping(lab.pod(1, "m"), lab.podAddress(2, "m"), 2)).isTrue();
        assertThat(lab.ping(lab.pod(2, "m"), lab.podAddress(3, "m"), 2)).isTrue();
        // fail closed: without its route, node 3's range is unreachable, not sent unencrypted to the default route
        assertThat(Netns.must(lab.instance(1), "ip route get " + lab.podAddress(3, "m") + " || true"))
                .doesNotContain("dev eth0");
        List<NodeResult> again = apply();
        assertThat(again).as(again.toString()).extracting(NodeResult::changed).containsExactly(true, false, false);
        assertThat(lab.ping(lab.pod(1, "m"), lab.podAddress(3, "m"), 2)).isTrue();
    }

    @Test
    @Order(8)
    void compensationLeavesTheInstancesAsTheyWere() {
        assertThat(remove()).extracting(NodeResult::changed).containsExactly(true, true, true);
        for (int n = 1; n <= 3; n++) {
            assertThat(lab.snapshot(lab.instance(n))).as("node %d after removal", n)
                    .isEqualTo(before.get(lab.instance(n)));
            assertThat(Netns.must(null, "for p in $(ip netns pids " + lab.instance(n)
                    + "); do cat /proc/$p/comm; done")).doesNotContain("wireguard-go");
        }
        assertThat(remove()).extracting(NodeResult::changed).containsExactly(false, false, false);
        assertThat(lab.ping(lab.pod(1, "m"), lab.podAddress(3, "m"), 1)).isFalse();
    }

    /** A snapshot without what traffic changes by itself (link statistics are not shown; neighbours are not taken). */
    static String stable(String snapshot) {
        return snapshot;
    }
}
