package io.kubelode.realhost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelode.events.EventType;
import io.kubelode.events.LxcEvent.Container;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.NetworkEvent.NodeRoutes;
import io.kubelode.hosts.DebianHost;
import io.kubelode.hosts.HostBridge;
import io.kubelode.k8s.plan.CniConfig;
import io.kubelode.k8s.plan.scripts.ContainerScript;
import io.kubelode.k8s.plan.scripts.Role;
import io.kubelode.k8s.plan.scripts.Script;
import io.kubelode.lxc.host.LxcNode;
import io.kubelode.lxc.plan.LxcPlan;
import io.kubelode.network.NetworkApplier.NodeResult;
import io.kubelode.network.plan.MeshKey;
import io.kubelode.provisioner.flow.BaseRoleStep;
import io.kubelode.nodeshell.CommandResult;
import io.kubelode.testkit.stack.TopicHistory.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The checks on the shared real-host scenario's Ready cluster ({@link RealHostScenario}: the saga on
 * real machines), in the order the saga built it: what each layer reported matches what is on the
 * hosts, the layers fit together (the mesh carries the containers' traffic, the k8s layer enters the
 * containers the lxc layer made), a rerun changes nothing, the walls hold, the person's kubectl works
 * from the internet whatever node is down, a control plane that dies is dropped and taken back, a host
 * rebooted through the API comes back whole and is repaired with no command, pods reach each other and home,
 * a node 1 deleted behind kubelode's back is replaced through every layer; last, the compensation leaves
 * nothing, the failing clusters rolled back to nothing, and the Ready one is deleted.
 */
@ExtendWith(RealHostScenario.Resolver.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealHostScenarioIT {
    private static final String ROOTFS = "/var/lib/lxd/storage-pools/kubelode/containers/";
    private RealHostScenario s;

    @BeforeEach
    void scenario(RealHostScenario scenario) {
        s = scenario;
    }

    @Test
    @Order(1)
    void lxcReadyOnEveryNodeSaysWhatIsOnTheHost() {
        assertThat(s.baseRoleChanged.values()).as("the provisioner's base role changed every fresh host").containsOnly(true);
        s.parallel(n -> {
            LxcPlan plan = s.lxcPlans.get(n);
            LxcReady ready = s.lxcReady.get(n);
            Container m = ready.master();
            Container w = ready.worker();
            assertThat(m.name()).isEqualTo(s.master(n));
            assertThat(w.name()).isEqualTo(s.worker(n));
            assertThat(m.role()).isEqualTo("master");
            assertThat(w.role()).isEqualTo("worker");
            assertThat(m.idmapStart() + ":" + m.idmapSize()).isEqualTo(plan.master().range());
            assertThat(w.idmapStart() + ":" + w.idmapSize()).isEqualTo(plan.worker().range());
            assertThat(m.address()).isEqualTo(plan.master().address()).isEqualTo("10.100." + n + ".2");
            assertThat(w.address()).isEqualTo(plan.worker().address()).isEqualTo("10.100." + n + ".3");
            assertThat(m.idmapStart() + m.idmapSize() <= w.idmapStart()
                    || w.idmapStart() + w.idmapSize() <= m.idmapStart()).as("disjoint maps on node %s", n).isTrue();

            // no user owns a container: the ranges are root's (LXD's), and nothing else in the files overlaps them
            for (String file : List.of("/etc/subuid", "/etc/subgid")) {
                List<String> entries = List.of(sh(n, "grep -v '^#' " + file).split("\n"));
                for (Container c : List.of(m, w)) {
                    String mine = "root:" + c.idmapStart() + ":" + c.idmapSize();
                    assertThat(entries).as("%s on node %s", file, n).contains(mine);
                    assertThat(entries).as("%s on node %s: entries overlapping %s's range", file, n, c.name())
                            .filteredOn(e -> !e.equals(mine) && overlaps(e, c)).isEmpty();
                }
            }
            assertThat(sh(n, "getent passwd k8-master k8-worker || true")).as("node %s", n).isEmpty();
            assertThat(sh(n, "dpkg-query -W -f='${Status}' lxd")).isEqualTo("install ok installed");
            assertThat(sh(n, "systemctl is-active lxd")).isEqualTo("active");
            assertThat(sh(n, "lxc storage get kubelode source")).isEqualTo("/var/lib/lxd/storage-pools/kubelode");
            assertThat(sh(n, "lxc network get kubelode0 ipv4.address")).isEqualTo(plan.bridgeCidr());
            assertThat(sh(n, "lxc list --format csv -c ns")).contains(m.name() + ",RUNNING")
                    .contains(w.name() + ",RUNNING");
            // the kernel's view: each container's init runs as the first id of its range
            assertThat(sh(n, "cat /proc/$(lxc info " + m.name() + " | awk '/^PID:/ {print $2}')/uid_map"))
                    .matches("\\s*0\\s+" + m.idmapStart() + "\\s+" + m.idmapSize());
            assertThat(sh(n, "lxc exec " + w.name() + " -- ip -4 -o addr show dev eth0"))
                    .contains(" " + w.address() + "/24 ");
            assertThat(sh(n, "lxc exec " + w.name() + " -- ip -4 route show default")).contains("via " + plan.gateway());
            return n;
        });
    }

    @Test
    @Order(2)
    void aProcessEscapingTheWorkerCannotReadTheMaster() {
        LxcReady ready = s.lxcReady.get(1);
        String m = ready.master().name();
        long w = ready.worker().idmapStart();
        CommandResult escapee = s.run(1, "setpriv --reuid " + w + " --regid " + w + " --clear-groups cat "
                + ROOTFS + m + "/rootfs/etc/hostname");
        assertThat(escapee.stdout()).isEmpty();
        assertThat(escapee.exitStatus()).as("the worker's root reading the master's files").isNotZero();
        assertThat(escapee.stderr()).contains("Permission denied");
        long mStart = ready.master().idmapStart();
        // control: the master's own mapped root can, so the refusal above is the wall, not a wrong path
        assertThat(sh(1, "setpriv --reuid " + mStart + " --regid " + mStart + " --clear-groups cat "
                + ROOTFS + m + "/rootfs/etc/hostname")).isEqualTo(m);
    }

    @Test
    @Order(3)
    void theMeshCarriesTrafficBetweenContainersOfDifferentNodes() {
        assertThat(s.routes.values()).as("what NetworkRouted says of each node's first run")
                .extracting(NodeRoutes::changed).containsOnly(true);
        assertThat(s.routes.values()).extracting(NodeRoutes::meshPublicKey)
                .containsExactlyElementsOf(s.meshKeys.values().stream().map(MeshKey::publicKey).toList());
        s.busyboxEverywhere();
        for (int n = 1; n <= RealHostScenario.NODES; n++) {
            // node 1 also peers with home (the spec's home peer)
            assertThat(sh(n, "wg show kl-mesh peers | wc -l")).as("node %s's peers", n).isEqualTo(n == 1 ? "3" : "2");
        }
        // node 1's control plane → node 3's worker, node 3's control plane → node 2's worker, and back
        assertThat(ping(1, s.master(1), "10.100.3.3")).as("1-master → 3-worker").isTrue();
        assertThat(ping(3, s.master(3), "10.100.2.3")).as("3-master → 2-worker").isTrue();
        assertThat(ping(2, s.worker(2), "10.100.1.2")).as("2-worker → 1-master").isTrue();
        // the packets went through the mesh: every host saw a handshake with its peers
        for (int n = 1; n <= RealHostScenario.NODES; n++) {
            assertThat(sh(n, "wg show kl-mesh latest-handshakes | awk '$2 > 0' | wc -l")).as("node %s", n)
                    .isNotEqualTo("0");
        }
        // and they keep their source: a connection from node 1's control plane arrives at node 3 from
        // 10.100.1.2, not from node 1's mesh address (LXD's NAT of the container bridge masqueraded it, and
        // etcd refused its peers for it)
        sh(3, "rm -f /tmp/syn /tmp/syn.err; (setsid timeout 20 tcpdump -lni kl-mesh -c 1 'tcp dst port 7001'"
                + " >/tmp/syn 2>/tmp/syn.err </dev/null &); for i in $(seq 100); do grep -q listening /tmp/syn.err"
                + " && break; sleep 0.1; done");
        s.run(1, "lxc exec " + s.master(1) + " -- /usr/local/bin/busybox nc -w 2 10.100.3.2 7001 </dev/null");
        assertThat(sh(3, "for i in $(seq 100); do [ -s /tmp/syn ] && break; sleep 0.1; done; cat /tmp/syn"))
                .as("the SYN node 3 received over the mesh").contains(" 10.100.1.2.").contains(" > 10.100.3.2.7001:");
    }

    @Test
    @Order(4)
    void theK8sLayerEntersTheContainersTheLxcLayerMade() {
        for (int n = 1; n <= RealHostScenario.NODES; n++) {
            for (Role role : Role.values()) {
                String container = s.cluster + "-" + n + "-" + role.label();
                CommandResult r = s.run(n, ContainerScript.wrap(role, container, joinState(role.label())));
                assertThat(r.exitStatus()).as(container + ": " + r.stderrTail()).isZero();
                assertThat(r.stdout()).contains("state=joined").contains("kubelode:unchanged");
            }
        }
        CommandResult wrongRole = s.run(1, ContainerScript.wrap(Role.WORKER, s.master(1), joinState("worker")));
        assertThat(wrongRole.exitStatus()).isEqualTo(1);
        assertThat(wrongRole.stderr()).contains("container " + s.master(1) + " is the master container, not the worker");
        CommandResult missing = s.run(1, ContainerScript.wrap(Role.WORKER, s.cluster + "-9-worker", joinState("worker")));
        assertThat(missing.exitStatus()).isEqualTo(1);
        assertThat(missing.stderr()).contains("kubelode: no container " + s.cluster + "-9-worker on this host");
    }

    @Test
    @Order(5)
    void aSecondRunOfEveryLayerChangesNothing() {
        assertThat(s.parallel(n -> s.run(n, BaseRoleStep.SCRIPT))).as("the provisioner's base role, again")
                .allSatisfy(r -> assertThat(r.exitStatus()).as(r.stderrTail()).isZero()).noneMatch(CommandResult::changed);
        List<LxcNode.Outcome> lxc = s.parallel(n -> LxcNode.ensure(s.ssh(n), s.lxcPlans.get(n)));
        for (int n = 1; n <= RealHostScenario.NODES; n++) {
            assertThat(lxc.get(n - 1).changed()).as("lxc on node %s", n).isFalse();
            assertThat(lxc.get(n - 1).ready()).isEqualTo(s.lxcReady.get(n));
        }
        assertThat(s.applyNetwork()).extracting(NodeResult::changed).containsOnly(false);
    }

    @Test
    @Order(6)
    void fromTheInternetOnlyIngressTheApiAndSshAnswerAndTheContainersReachOut() {
        s.busyboxEverywhere();
        for (int n = 1; n <= RealHostScenario.NODES; n++) {
            ingress(n, "ingress-" + n);
            // what a host runs besides sshd must not be reachable from the world: kubelet's and etcd's ports
            sh(n, "for p in 10250 2379; do setsid busybox nc -ll -p $p -e echo host-$p </dev/null >/dev/null 2>&1 & "
                    + "done");
        }
        try (Internet internet = Internet.on(RealHostScenario.BRIDGE, RealHostScenario.INTERNET, 24)) {
            for (int n = 1; n <= RealHostScenario.NODES; n++) {
                String pub = s.host(n).address();
                assertThat(internet.read(pub, 80)).as("node %s :80", n).isEqualTo("ingress-" + n + "-80");
                assertThat(internet.read(pub, 443)).as("node %s :443", n).isEqualTo("ingress-" + n + "-443");
                assertThat(internet.run("curl -fksS --max-time 5 https://" + pub + ":6443/healthz").strip())
                        .as("node %s :6443, its control plane's API", n).isEqualTo("ok");
                assertThat(internet.read(pub, 22)).as("node %s :22", n).startsWith("SSH-2.0");
                // every other TCP port something listens on, on the host: nothing answers
                List<Integer> listening = Internet.ports(sh(n, "ss -ltnH"));
                assertThat(listening).contains(22, 10250, 2379);
                for (int port : listening) {
                    if (port != 22) {
                        assertThat(internet.read(pub, port)).as("node %s :%s from the internet", n, port).isEmpty();
                    }
                }
            }
            // the containers reach the internet through their host, and the answers come back
            internet.listen(8000, "from-the-internet");
            for (int n = 1; n <= RealHostScenario.NODES; n++) {
                for (String role : List.of("master", "worker")) {
                    assertThat(sh(n, "lxc exec " + s.cluster + "-" + n + "-" + role + " -- /usr/local/bin/busybox nc -w 5 "
                            + internet.address() + " 8000 </dev/null || true")).as("%s-%s-%s → internet", s.cluster, n, role)
                            .isEqualTo("from-the-internet");
                }
            }
        }
        // the containers still reach the hosts' services from inside (the wall is for the world only)
        assertThat(sh(1, "lxc exec " + s.worker(1) + " -- /usr/local/bin/busybox nc -w 3 " + s.lxcPlans.get(1).gateway()
                + " 10250 </dev/null")).isEqualTo("host-10250");
    }

    @Test
    @Order(7)
    void bothContainersOfEveryNodeSeeTheSecuritySuiteAndUpgradeUnattended() {
        long t = System.nanoTime();
        s.parallel(n -> {
            for (String role : List.of("master", "worker")) {
                String c = "lxc exec " + s.cluster + "-" + n + "-" + role + " -- ";
                // what apt sees, from the lists the lxc layer fetched (nothing is fetched here)
                assertThat(sh(n, c + "apt-cache policy")).as("%s-%s-%s: apt-cache policy", s.cluster, n, role)
                        .contains("http://deb.debian.org/debian-security bookworm-security/main")
                        .contains("n=bookworm-security").contains("l=Debian-Security")
                        .contains("http://deb.debian.org/debian bookworm-updates/main");
                // the security updates those lists name are installed already (the image's are months old)
                String upgrade = sh(n, c + "apt-get -s upgrade");
                System.out.printf("%s-%s-%s: apt-get -s upgrade would install %d packages%n", s.cluster, n, role,
                        upgrade.lines().filter(l -> l.startsWith("Inst ")).count());
                assertThat(upgrade.lines().filter(l -> l.startsWith("Inst ") && l.contains("Debian-Security")).toList())
                        .as("%s-%s-%s: security updates pending", s.cluster, n, role).isEmpty();
                assertThat(sh(n, c + "dpkg-query -W -f='${Status}' unattended-upgrades")).isEqualTo("install ok installed");
                String config = sh(n, c + "apt-config dump");
                assertThat(config).as("%s-%s-%s: the daily update and unattended upgrade", s.cluster, n, role)
                        .contains("APT::Periodic::Update-Package-Lists \"1\";")
                        .contains("APT::Periodic::Unattended-Upgrade \"1\";");
                assertThat(config.lines().filter(l -> l.startsWith("Unattended-Upgrade::Origins-Pattern:: ")
                        || l.startsWith("Unattended-Upgrade::Allowed-Origins:: ")).toList())
                        .as("%s-%s-%s: the security origin only", s.cluster, n, role)
                        .containsExactly("Unattended-Upgrade::Origins-Pattern:: "
                                + "\"origin=Debian,codename=${distro_codename}-security,label=Debian-Security\";");
                assertThat(sh(n, c + "systemctl is-enabled apt-daily.timer apt-daily-upgrade.timer"))
                        .isEqualTo("enabled\nenabled");
                assertThat(sh(n, c + "systemctl is-active apt-daily.timer apt-daily-upgrade.timer"))
                        .isEqualTo("active\nactive");
            }
            return n;
        });
        // Debian's own tool reads that configuration as the security suite of this release and nothing else
        assertThat(sh(1, "lxc exec " + s.worker(1) + " -- unattended-upgrade --dry-run --debug 2>&1 | grep '^Allowed origins'"))
                .isEqualTo("Allowed origins are: origin=Debian,codename=bookworm-security,label=Debian-Security");
        System.out.printf("real-host scenario: the security-update check took %.1f s%n", (System.nanoTime() - t) / 1e9);
    }

    @Test
    @Order(8)
    void eachContainerHasAnAppArmorWallAgainstTheOtherAndLxcReadySaysWhichWallsHold() {
        long t = System.nanoTime();
        s.parallel(n -> {
            assertThat(sh(n, "dpkg-query -W -f='${Status}' apparmor")).as("AppArmor's parser on node %s", n)
                    .isEqualTo("install ok installed");
            boolean kernel = sh(n, "cat /sys/module/apparmor/parameters/enabled 2>/dev/null || echo N").equals("Y");
            LxcReady ready = s.lxcReady.get(n);
            for (List<String> pair : List.of(List.of("master", "worker"), List.of("worker", "master"))) {
                String self = s.cluster + "-" + n + "-" + pair.get(0);
                String other = s.cluster + "-" + n + "-" + pair.get(1);
                // LXD took the rules: they are in the container's configuration, and it runs with them
                String raw = sh(n, "lxc config get " + self + " raw.apparmor");
                assertThat(raw).as("%s's raw.apparmor", self)
                        .contains("deny " + ROOTFS + other + "/** ")
                        .contains("deny ptrace peer=lxd-" + other + "_**")
                        .contains("deny signal peer=lxd-" + other + "_**")
                        .doesNotContain(ROOTFS + self + "/");
                assertThat(sh(n, "lxc list " + self + " --format csv -c s")).isEqualTo("RUNNING");
                // LXD rendered them into the profile it loads for the container (it writes the file also
                // where the kernel has no AppArmor), and the parser compiles that whole profile (compile
                // only: -Q -K loads nothing and needs no kernel)
                String profile = "/var/lib/lxd/security/apparmor/profiles/lxd-" + self;
                assertThat(sh(n, "cat " + profile)).as("LXD's profile of %s", self)
                        .contains("profile \"lxd-" + self + "_</var/lib/lxd>\"")
                        .contains("  # kubelode wall: " + self + " may not touch " + other + "\n")
                        .contains("  deny " + ROOTFS + other + "/** rwklmx,\n");
                CommandResult compiled = s.run(n, "apparmor_parser -Q -K " + profile);
                assertThat(compiled.exitStatus()).as("%s's profile compiled: %s", self, compiled.stderrTail()).isZero();
                if (kernel) {
                    // Linode's Debian 12: the container's init is confined by LXD's profile with those rules
                    assertThat(sh(n, "cat /proc/$(lxc info " + self + " | awk '/^PID:/ {print $2}')/attr/current"))
                            .startsWith("lxd-" + self + "_</var/lib/lxd>").endsWith("(enforce)");
                }
            }
            assertThat(ready.walls()).as("LxcReady's walls on node %s (AppArmor in this kernel: %s)", n, kernel)
                    .isEqualTo(kernel ? List.of("idmap", "apparmor") : List.of("idmap"));
            return n;
        });
        // control: the parser refuses a rule it cannot compile, so the acceptance above is the parser's
        CommandResult broken = s.run(1, "sed 's|^  deny .*/\\*\\* rwklmx,$|  deny /x/** rwz,|' "
                + "/var/lib/lxd/security/apparmor/profiles/lxd-" + s.worker(1) + " | apparmor_parser -Q -K");
        assertThat(broken.exitStatus()).isNotZero();
        assertThat(broken.stderr()).contains("syntax error");
        System.out.printf("real-host scenario: the AppArmor check took %.1f s%n", (System.nanoTime() - t) / 1e9);
    }

    /**
     * The person's view: the six kubelets registered through their containers' HAProxy and the control
     * planes' TLS listeners; the real {@code kubectl} with the kubeconfig kubelode hands out, from the
     * internet, through the cluster's domain (every node's public address, as the DNS layer published
     * them), a node's DNAT and its control plane's TLS listener, lists the six nodes, describes one and
     * applies a ConfigMap server-side twice; a node's Ready is what its kubelet finds (containerd stops in
     * node 3's worker, and the API says so); and nothing of the kubeconfig is tied to node 1.
     */
    @Test
    @Order(9)
    void kubectlFromTheInternetSeesSixNodesThroughTheDomainWhateverNodeIsDown() throws IOException {
        JsonNode api = s.stack.sandbox().get("/sandbox/kube");
        List<String> nodes = new ArrayList<>();
        api.forEach(c -> c.path("nodes").forEach(n -> {
            if (n.path("ready").asBoolean()) {
                nodes.add(n.path("name").asText());
            }
        }));
        assertThat(nodes).as("the kubelets registered through HAProxy and the control planes")
                .contains(s.master(1), s.worker(1), s.master(2), s.worker(2), s.master(3), s.worker(3));
        String domain = "realok.example.org";
        Path kubeconfig = Files.createTempFile("kubelode-" + s.cluster, ".kubeconfig");
        try (Internet internet = Internet.on(RealHostScenario.BRIDGE, RealHostScenario.INTERNET, 24)) {
            Files.writeString(kubeconfig, s.stack.gateway().kubeconfig(s.cluster));
            assertThat(Files.readString(kubeconfig)).contains("server: https://" + domain + ":6443");
            List<String> apex = s.stack.sandbox().recordsOf(domain).stream()
                    // Linode names the apex "" (the sandbox keeps the name as it was sent: the domain)
                    .filter(r -> r.path("type").asText().equals("A")
                            && (r.path("name").asText().isEmpty() || r.path("name").asText().equals(domain)))
                    .map(r -> r.path("target").asText()).toList();
            assertThat(apex).as("the domain's round-robin records").hasSize(3);
            internet.resolves(domain, apex);
            String kubectl = "kubectl --kubeconfig " + kubeconfig + " ";
            assertThat(internet.run(kubectl + "get nodes -o name").lines()).containsExactlyInAnyOrder(
                    "node/" + s.master(1), "node/" + s.worker(1), "node/" + s.master(2), "node/" + s.worker(2),
                    "node/" + s.master(3), "node/" + s.worker(3));
            assertThat(internet.run(kubectl + "describe node " + s.worker(2)))
                    .contains("Name:", s.worker(2), "InternalIP:", "10.100.2.3");
            // a server-side apply, as a person's GitOps tool would: created, then changed in place
            String configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hello\n  namespace: default\n"
                    + "data:\n  greeting: %s\n";
            for (String greeting : List.of("hi", "hello")) {
                assertThat(internet.run("printf '" + configMap.formatted(greeting) + "' | " + kubectl
                        + "apply --server-side -f -")).contains("configmap/hello serverside-applied");
            }
            assertThat(internet.run(kubectl + "get configmap hello -n default -o jsonpath={.data.greeting}"))
                    .isEqualTo("hello");
            // a node's Ready is what its kubelet finds: containerd stops in node 3's worker, and the API says so
            String readyOf = kubectl + "get node " + s.worker(3) + " -o jsonpath='{.status.conditions[?(@.type==\"Ready\")]"
                    + ".status} {.status.conditions[?(@.type==\"Ready\")].message}'";
            inContainer(3, s.worker(3), "systemctl stop containerd");
            Awaitility.await(s.worker(3) + " NotReady").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> internet.run(readyOf).strip().equals("False container runtime is down"));
            inContainer(3, s.worker(3), "systemctl start containerd");
            Awaitility.await(s.worker(3) + " Ready again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> internet.run(readyOf).startsWith("True "));
            theKubeconfigOutlivesNode1sControlPlane(internet, kubectl);
        } finally {
            Files.deleteIfExists(kubeconfig);
        }
    }

    /**
     * Node 1's control plane dies (its kubelet, which runs its API listener and its etcd member, stops),
     * node 1's public address answers the API no more, and the same kubectl, through the domain, still
     * lists the six nodes from the other two (Go's dialer tries the domain's next address when one
     * refuses). Node 1 then comes back, with its etcd member healthy again.
     */
    private void theKubeconfigOutlivesNode1sControlPlane(Internet internet, String kubectl) {
        String node1 = s.host(1).address();
        String direct = "curl -ksS --max-time 5 -o /dev/null -w '%{http_code}' https://" + node1
                + ":6443/healthz 2>&1; true";
        assertThat(internet.run(direct)).as("node 1's public address, before").contains("200");
        inContainer(1, s.master(1), "systemctl stop kubelet");
        try {
            Awaitility.await("node 1's public address stops answering the API").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> !internet.run(direct).contains("200"));
            Instant asked = Instant.now();
            assertThat(internet.run(kubectl + "get nodes -o name").lines()).as("kubectl through the domain, node 1 "
                    + "(%s) down", node1).hasSize(6).contains("node/" + s.master(1));
            System.out.printf("real-host scenario: with node 1's control plane down, kubectl through the domain "
                    + "answered in %d ms%n", Duration.between(asked, Instant.now()).toMillis());
        } finally {
            inContainer(1, s.master(1), "systemctl start kubelet");
        }
        awaitEtcdHealthy("node 1's etcd member healthy again with the other two");
    }

    /**
     * containerd and runc, Debian's, in every worker container, as the kubelet drives them: each runs a
     * container from an image built offline on this machine (an OCI archive, {@code pod-image.sh}; no
     * registry is reachable), attached to the pod network by the CNI plugins with the configuration the
     * k8s layer wrote, so it gets an address of its node's pod range; each serves its node's name over
     * TCP, and reads the other two nodes' across the mesh. {@code --cpu-shares 0}: on this machine's
     * cgroup v1 the nested LXD gives its containers no cpu controller, so runc cannot set ctr's default
     * shares; Linode's cgroup v2 has it.
     */
    @Test
    @Order(10)
    void containerdContainersReachEachOtherAcrossNodes() throws IOException {
        String image = "kubelode.test/pod:1";
        String id = "kubelode-probe-" + System.currentTimeMillis();
        Path archive = Files.createTempFile("kubelode-pod", ".tar");
        Instant start = Instant.now();
        try {
            Path script = Path.of(Objects.requireNonNull(RealHostScenarioIT.class.getResource("/pod-image.sh")).getPath());
            Internet.sh("bash " + script + " " + archive + " " + image);
            Map<Integer, String> addresses = new TreeMap<>();
            for (int n = 1; n <= RealHostScenario.NODES; n++) {
                s.copyIn(n, archive, "/root/pod.tar");
                assertThat(sh(n, "lxc file push -q /root/pod.tar " + s.worker(n) + "/root/pod.tar && echo pushed"))
                        .isEqualTo("pushed");
                inContainer(n, s.worker(n), "ctr -n k8s.io images import /root/pod.tar >/dev/null && "
                        + "ctr -n k8s.io run -d --cpu-shares 0 --cni " + image + " " + id
                        + " sh -c 'mkdir -p /www && echo node-" + n + " >/www/index.html && exec httpd -f -p 8080 -h /www'");
                String[] eth0 = inContainer(n, s.worker(n), "ctr -n k8s.io task exec --exec-id address " + id
                        + " ip -4 -o addr show eth0").strip().split("\\s+");
                String address = eth0[3].substring(0, eth0[3].indexOf('/'));
                assertThat(address).as("node %d's container, on its worker's pod range", n).startsWith("10.101." + n + ".");
                addresses.put(n, address);
            }
            for (int n = 1; n <= RealHostScenario.NODES; n++) {
                for (Map.Entry<Integer, String> other : addresses.entrySet()) {
                    if (other.getKey() == n) {
                        continue;
                    }
                    String read = inContainer(n, s.worker(n), "ctr -n k8s.io task exec --exec-id get" + other.getKey()
                            + " " + id + " sh -c \"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 " + other.getValue()
                            + " 8080 | tail -1\"");
                    assertThat(read.strip()).as("node %d's container reading node %d's at %s", n, other.getKey(),
                            other.getValue()).isEqualTo("node-" + other.getKey());
                }
            }
            System.out.printf("real-host scenario: containerd ran a container from an offline image on every worker "
                    + "(%s), each read the other two over the mesh, in %d ms%n", addresses.values(),
                    Duration.between(start, Instant.now()).toMillis());
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    /**
     * The Ready cluster's etcd is real (Debian's etcd in each control-plane container, with kubelode's
     * etcd CA, each member added by the joining control plane as kubeadm adds it): {@code etcdctl member
     * list} from node 1, through node 3's member over the mesh, shows three started members.
     */
    @Test
    @Order(11)
    void etcdHasThreeStartedMembersListedOverTheMesh() {
        assertThat(etcdctl("etcdctl_at https://10.100.3.2:2379 member list").lines()
                .map(l -> String.join(", ", List.of(l.split(", ")).subList(1, 4))))
                .containsExactlyInAnyOrder("started, " + s.master(1) + ", https://10.100.1.2:2380",
                        "started, " + s.master(2) + ", https://10.100.2.2:2380",
                        "started, " + s.master(3) + ", https://10.100.3.2:2380");
    }

    /**
     * The API server of node 2's control plane dies (its stand-in kube-apiserver, the TLS listener the
     * kubelet stand-in runs, stops with the kubelet): the HAProxy of every other container marks it DOWN
     * (HAProxy's own log line, in the container's journal) and then answers every request through
     * {@code 127.0.0.1:7443} from the two left; its etcd member went with it, and the other two keep
     * quorum; when it comes back, every HAProxy marks it UP again.
     */
    @Test
    @Order(12)
    void everyHaproxyDropsADeadControlPlaneAndTakesItBack() {
        String dead = s.master(2);
        List<Map.Entry<Integer, String>> others = containersBut(dead);
        long since = Instant.now().getEpochSecond();
        inContainer(2, dead, "systemctl stop kubelet");
        Instant stopped = Instant.now();
        for (Map.Entry<Integer, String> c : others) {
            Awaitility.await(c.getValue() + "'s HAProxy marks " + dead + " DOWN").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> haproxyLog(c, since).contains("Server kube-apiserver/" + dead + " is DOWN"));
        }
        Duration toDown = Duration.between(stopped, Instant.now());
        String two = "etcdctl_at https://10.100.1.2:2379,https://10.100.3.2:2379 ";
        assertThat(etcdctl(two + "endpoint health --cluster 2>&1 || true"))
                .contains("https://10.100.2.2:2379 is unhealthy")
                .contains("https://10.100.1.2:2379 is healthy").contains("https://10.100.3.2:2379 is healthy");
        assertThat(etcdctl(two + "put kubelode-quorum kept && " + two + "get --print-value-only kubelode-quorum"))
                .contains("OK").contains("kept");
        for (Map.Entry<Integer, String> c : others) {
            // round robin over three servers: with the dead one still in, about one request in three would fail
            assertThat(inContainer(c.getKey(), c.getValue(), "for i in $(seq 30); do curl -fksS --max-time 5 "
                    + "https://127.0.0.1:7443/healthz 2>&1 >/dev/null && echo ok; done; true").lines())
                    .as("30 requests through %s's HAProxy, which logged %s", c.getValue(), haproxyLog(c, since))
                    .hasSize(30).containsOnly("ok");
        }
        inContainer(2, dead, "systemctl start kubelet");
        for (Map.Entry<Integer, String> c : others) {
            Awaitility.await(c.getValue() + "'s HAProxy marks " + dead + " UP").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> haproxyLog(c, since).contains("Server kube-apiserver/" + dead + " is UP"));
        }
        System.out.printf("real-host scenario: every HAProxy dropped the dead control plane within %d ms%n",
                toDown.toMillis());
    }

    /**
     * Node 2's instance is rebooted through the Linode API, as Linode's maintenance does (a clean
     * shutdown and a boot of the real machine), and no command is typed: LXD starts both containers, the
     * network layer's boot unit ({@code kubelode-network.service}, the same apply script after LXD) brings
     * back the mesh, routes, nft table, front and firewall, the kubelets their Pods; node 2's etcd member is
     * healthy again with the other two, every other container's HAProxy takes node 2's control plane back,
     * its public address answers the API and ingress again. Meanwhile the provisioner's watch saw the
     * {@code linode_reboot} event and started a repair: the cluster is Repairing, every layer runs its
     * steps for the node again (the base role, the containers, the mesh, the joins, the apps, DNS), and the
     * cluster is Ready again with NodeRepaired on the bus. A rerun of the network layer then changes
     * nothing. The times from the reboot to the repair's start and to Ready are printed.
     */
    @Test
    @Order(13)
    void aHostRebootedThroughTheApiComesBackWholeAndIsRepairedToReadyWithNoCommand() {
        s.busyboxEverywhere();
        assertThat(sh(2, "systemctl is-enabled kubelode-network.service")).isEqualTo("enabled");
        String routes = sh(2, "ip -4 route show proto 157 | sort");
        String table = sh(2, "nft list table inet kubelode_mesh | grep -c 'comment \"kubelode:'");
        String master = s.master(2);
        inContainer(2, master, "touch /run/kubelode-before-reboot");
        long since = Instant.now().getEpochSecond();
        int repairedBefore = s.events(EventType.NODE_REPAIRED).size();
        Instant asked = Instant.now();
        s.stack.sandbox().reboot(s.host(2).linodeId());
        s.reconnect(2);
        Awaitility.await("node 2's containers after its reboot").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> inContainer(2, master, "test -e /run/kubelode-before-reboot && echo same || echo new")
                        .strip().equals("new"));
        // boot finished (every unit started or failed): the signal, instead of polling each part
        String state = sh(2, "systemctl is-system-running --wait || true");
        System.out.printf("real-host scenario: node 2 rebooted, boot finished (%s) after %d s%n", state,
                Duration.between(asked, Instant.now()).toSeconds());
        assertThat(sh(2, "systemctl is-active kubelode-network.service lxd.service")).isEqualTo("active\nactive");
        assertThat(sh(2, "lxc list --format csv -c ns")).contains(master + ",RUNNING").contains(s.worker(2) + ",RUNNING");
        assertThat(sh(2, "ip -4 route show proto 157 | sort")).isEqualTo(routes);
        assertThat(sh(2, "nft list table inet kubelode_mesh | grep -c 'comment \"kubelode:'")).isEqualTo(table);
        assertThat(ping(1, s.master(1), "10.100.2.3")).as("1-master → rebooted 2-worker").isTrue();
        assertThat(ping(2, master, "10.100.3.3")).as("rebooted 2-master → 3-worker").isTrue();
        awaitEtcdHealthy("node 2's etcd member healthy with the other two");
        for (Map.Entry<Integer, String> c : containersBut(master)) {
            Awaitility.await(c.getValue() + "'s HAProxy takes " + master + " back").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> inContainer(c.getKey(), c.getValue(), "curl -fksS --max-time 5 https://10.100.2.2:6443/healthz")
                            .strip().equals("ok") && !haproxyDown(c, master, since));
        }
        assertThat(inContainer(2, master, "systemctl is-active kubelet haproxy").lines()).containsExactly("active", "active");
        ingress(2, "ingress-after-reboot");
        sh(2, "setsid busybox nc -ll -p 10250 -e echo host-10250 </dev/null >/dev/null 2>&1 &");
        String publicAddress = s.host(2).address();
        try (Internet internet = Internet.on(RealHostScenario.BRIDGE, RealHostScenario.INTERNET, 24)) {
            Awaitility.await("node 2's public address answers the API").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> internet.run("curl -fksS --max-time 5 https://" + publicAddress + ":6443/healthz")
                            .strip().equals("ok"));
            assertThat(internet.read(publicAddress, 80)).isEqualTo("ingress-after-reboot-80");
            assertThat(internet.read(publicAddress, 10250)).as("the firewall is back too").isEmpty();
        }
        System.out.printf("real-host scenario: node 2 rebooted through the API and whole again after %d s, no command%n",
                Duration.between(asked, Instant.now()).toSeconds());
        JsonNode started = awaitRepair(2, "REBOOT", s.host(2).linodeId(), asked, repairedBefore);
        assertThat(started.path("cause").asText()).startsWith("linode_reboot finished");
        // a rerun of the layer after the repair finds everything in place
        assertThat(s.applyNetwork()).extracting(NodeResult::changed).containsOnly(false);
    }

    private void awaitEtcdHealthy(String what) {
        String all = "etcdctl_at https://10.100.1.2:2379,https://10.100.2.2:2379,https://10.100.3.2:2379 ";
        Awaitility.await(what).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> etcdctl(all + "endpoint health 2>&1 || true").lines()
                        .filter(l -> l.contains(" is healthy")).count() == 3);
    }

    /** Every container of the cluster but {@code excluded}, each with its node. */
    private List<Map.Entry<Integer, String>> containersBut(String excluded) {
        List<Map.Entry<Integer, String>> others = new ArrayList<>();
        for (int n = 1; n <= RealHostScenario.NODES; n++) {
            for (String container : List.of(s.master(n), s.worker(n))) {
                if (!container.equals(excluded)) {
                    others.add(Map.entry(n, container));
                }
            }
        }
        return others;
    }

    /** Whether the container's HAProxy's last word since {@code since} on {@code server} is that it is DOWN. */
    private boolean haproxyDown(Map.Entry<Integer, String> container, String server, long since) {
        List<String> said = haproxyLog(container, since).lines()
                .filter(l -> l.contains("Server kube-apiserver/" + server + " is ")).toList();
        return !said.isEmpty() && said.get(said.size() - 1).contains(" is DOWN");
    }

    private String haproxyLog(Map.Entry<Integer, String> container, long since) {
        return inContainer(container.getKey(), container.getValue(),
                "journalctl -u haproxy --no-pager -o cat --since @" + since);
    }

    /**
     * {@code etcdctl_at ENDPOINTS ...} in node 1's control plane: the stand-ins' own etcdctl as kubeadm's
     * health-check client with kubelode's etcd CA (standin/etcd.sh), in a script that may call it more than once.
     */
    private String etcdctl(String script) {
        return inContainer(1, s.master(1),
                "source /usr/lib/kubelode-standin/common.sh\nsource /usr/lib/kubelode-standin/etcd.sh\n" + script);
    }

    /**
     * Runs a script as root in a container of node {@code n}, through the LXD that made it, entered from
     * this machine ({@code lxc-attach} into the host): a way in that needs neither the host's sshd nor its
     * network, so it also tells when a rebooted host is back.
     */
    private String inContainer(int n, String container, String script) {
        return Internet.sh("lxc-attach -P " + DebianHost.INSTANCES + " -n " + s.host(n).machine() + " -- lxc exec "
                + container + " -- bash -c " + Internet.quote(script));
    }

    /**
     * A pod on every node's worker container, made as the kubelet's runtime makes one: a network
     * namespace attached by Debian's CNI bridge plugin with the bridge configuration the k8s layer
     * writes ({@link CniConfig}, host-local IPAM over the worker's pod range, no masquerading). After
     * node 2's reboot (check 13): a pod reaches the pods of the other nodes over the mesh, with its own
     * address as the source, and the internet through its host, and the answers come back.
     */
    @Test
    @Order(14)
    void aPodReachesThePodsOfOtherNodesAndTheInternet() {
        s.busyboxEverywhere();
        long t = System.nanoTime();
        List<String> made = s.parallel(this::pod);
        Map<Integer, String> pods = new LinkedHashMap<>();
        for (int n = 1; n <= RealHostScenario.NODES; n++) {
            pods.put(n, made.get(n - 1));
            assertThat(pods.get(n)).as("node %s's pod is in its worker's pod range %s", n,
                    s.addresses.node(n).workerPodCidr()).startsWith(s.addresses.node(n).workerPodCidr()
                    .substring(0, s.addresses.node(n).workerPodCidr().lastIndexOf('.')));
        }
        System.out.printf("real-host scenario: a pod on every node after %.1f s: %s%n", (System.nanoTime() - t) / 1e9,
                pods);
        assertThat(podPing(1, pods.get(3))).as("pod on node 1 → pod on node 3").isTrue();
        assertThat(podPing(3, pods.get(2))).as("pod on node 3 → pod on the rebooted node 2").isTrue();
        assertThat(podPing(2, pods.get(1))).as("pod on the rebooted node 2 → pod on node 1").isTrue();
        try (Internet internet = Internet.on(RealHostScenario.BRIDGE, RealHostScenario.INTERNET, 24)) {
            internet.listen(8001, "pod-egress");
            for (int n = 1; n <= RealHostScenario.NODES; n++) {
                assertThat(sh(n, "lxc exec " + s.worker(n) + " -- ip netns exec kl-pod /usr/local/bin/busybox nc -w 5 "
                        + internet.address() + " 8001 </dev/null || true")).as("pod on node %s → internet", n)
                        .isEqualTo("pod-egress");
            }
        }
    }

    /**
     * The backups home: a home server on the bridge that stands for the internet (a namespace with
     * wireguard-go and a real rsync daemon on its mesh address, set up as the README says: one peer,
     * node 1, allowing node 1's mesh address only), and from the pod of every node (check 14) a real
     * {@code rsync} push, which reaches home through node 1. Home opens nothing in the cluster.
     */
    @Test
    @Order(15)
    void aBackupFromThePodOfEveryNodeReachesTheHomePeer() {
        s.busyboxEverywhere();
        long t = System.nanoTime();
        String node1Mesh = s.addresses.node(1).meshAddress();
        try (Internet homeServer = homeServer(s.host(1).address())) {
            for (int n = 1; n <= RealHostScenario.NODES; n++) {
                pushHome(homeServer, n, true);
            }
            // home opens nothing in the cluster: not node 1's worker, not a pod, not node 1 itself
            background(1, s.worker(1), "nc -ll -p 873 -e echo worker-873");
            assertThat(homeServer.run("busybox nc -w 3 " + s.addresses.node(1).workerAddress() + " 873 </dev/null"
                    + " 2>/dev/null || true").strip()).as("home → node 1's worker").isEmpty();
            assertThat(homeServer.run("busybox ping -c 1 -W 2 " + node1Mesh + " >/dev/null 2>&1 && echo answered"
                    + " || true").strip()).as("home → node 1").isEmpty();
            homeServer.run("rm -rf " + HOME_DIR); // the daemon goes with the namespace
        }
        System.out.printf("real-host scenario: backups home from every node after %.1f s%n", (System.nanoTime() - t) / 1e9);
    }

    private static final String HOME_DIR = "/tmp/kubelode-home-" + RealHostScenario.BRIDGE;

    /**
     * The home server, set up as the README says: wireguard-go with one peer, node 1 (its mesh key, at
     * {@code node1Endpoint}), allowing node 1's mesh address only, and an rsync daemon on home's mesh address
     * that allows only node 1's mesh address.
     */
    private Internet homeServer(String node1Endpoint) {
        String home = s.addresses.homeMeshAddress();
        String node1Mesh = s.addresses.node(1).meshAddress();
        Internet homeServer = Internet.on("home", RealHostScenario.BRIDGE, RealHostScenario.HOME_PUBLIC, 24);
        homeServer.run("set -euo pipefail\nwireguard-go kl-home >/dev/null 2>&1\n"
                + "wg set kl-home private-key <(printf '%s\\n' '" + s.homeKey.privateKey() + "') listen-port 51820"
                + " peer " + s.meshKeys.get(1).publicKey() + " endpoint " + node1Endpoint + ":51820"
                + " allowed-ips " + node1Mesh + "/32\n"
                + "ip addr add " + home + "/24 dev kl-home\nip link set kl-home up\n"
                + "rm -rf " + HOME_DIR + " && mkdir -p " + HOME_DIR + "/backup\n"
                + "printf '%s\\n' 'pid file = " + HOME_DIR + "/rsyncd.pid' 'address = " + home + "' 'port = 873'"
                + " 'use chroot = no' '[kubelode]' '    path = " + HOME_DIR + "/backup' '    read only = false'"
                + " '    hosts allow = " + node1Mesh + "' '    uid = root' '    gid = root' > " + HOME_DIR + "/rsyncd.conf\n"
                + "rsync --daemon --config=" + HOME_DIR + "/rsyncd.conf </dev/null >/dev/null 2>&1\n");
        return homeServer;
    }

    /** A real rsync push from node {@code n}'s worker (its pod, {@code fromPod}) arrives at home. */
    private void pushHome(Internet homeServer, int n, boolean fromPod) {
        String container = s.worker(n);
        sh(n, "lxc exec " + container + " -- bash -s <<'RSYNC'\nset -euo pipefail\n"
                + "command -v rsync >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq"
                + " --no-install-recommends rsync >/dev/null\n"
                + "mkdir -p /tmp/backup && hostname > /tmp/backup/from\n"
                + (fromPod ? "ip netns exec kl-pod " : "") + "rsync --archive --timeout=20 /tmp/backup/ rsync://"
                + s.addresses.homeMeshAddress() + ":873/kubelode/" + container + "/\nRSYNC");
        assertThat(homeServer.run("cat " + HOME_DIR + "/backup/" + container + "/from").strip())
                .as("the backup of node %s's %s, at home", n, fromPod ? "pod" : "worker").isEqualTo(container);
    }

    /**
     * Makes node {@code n}'s pod, beside the Pods containerd runs on the same network (host-local hands
     * it an address of its own); returns its address.
     */
    private String pod(int n) {
        String container = s.worker(n);
        String plugin = CniConfig.forPodRange(s.addresses.node(n).workerPodCidr()).pluginConfig(0);
        String out = sh(n, "lxc exec " + container + " -- bash -s <<'POD'\n"
                + "set -euo pipefail\n"
                + "if [[ ! -x /usr/lib/cni/bridge ]]; then\n"
                + "  export DEBIAN_FRONTEND=noninteractive\n"
                + "  apt-get update -qq && apt-get install -y -qq --no-install-recommends containernetworking-plugins"
                + " >/dev/null\n"
                + "fi\n"
                + "ip netns del kl-pod 2>/dev/null || true\n"
                + "ip netns add kl-pod\n"
                + "cat > /tmp/kl-pod.json <<'JSON'\n" + plugin + "\nJSON\n"
                + "CNI_COMMAND=ADD CNI_CONTAINERID=kl-pod CNI_NETNS=/run/netns/kl-pod CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni"
                + " /usr/lib/cni/bridge </tmp/kl-pod.json\n"
                + "POD");
        Matcher m = Pattern.compile("\"address\"\\s*:\\s*\"([0-9.]+)/").matcher(out);
        assertThat(m.find()).as("the CNI result on node %s: %s", n, out).isTrue();
        return m.group(1);
    }

    private boolean podPing(int node, String address) {
        CommandResult r = s.run(node, "lxc exec " + s.worker(node) + " -- ip netns exec kl-pod "
                + "/usr/local/bin/busybox ping -c 3 -W 5 " + address);
        System.out.println("pod on node " + node + " → " + address + ": exit " + r.exitStatus() + "\n" + r.stdout());
        return r.exitStatus() == 0;
    }

    /**
     * What stands for the ingress controller's pods in node {@code n}'s worker (no registry image can run
     * here): listeners on 80 and 443 that answer {@code reply-<port>}. A real kubelet starts the ingress
     * again after a reboot and on a new node; here the checks do, and the DNS layer's health watch, which
     * probes those two ports from outside, sees the node healthy again.
     */
    private void ingress(int n, String reply) {
        for (int port : List.of(80, 443)) {
            background(n, s.worker(n), "nc -ll -p " + port + " -e echo " + reply + "-" + port);
        }
    }

    private void background(int n, String container, String nc) {
        sh(n, "lxc exec " + container + " -- sh -c 'setsid /usr/local/bin/busybox " + nc
                + " </dev/null >/dev/null 2>&1 &'");
    }

    /**
     * The light stand-in reports what the real hosts report ({@link ModelParity}). The network layer's
     * notes of a first run are the real hosts' own: its compensation, then its apply, which makes the
     * mesh, routes and front again from nothing (and must change every node).
     */
    @Test
    @Order(97)
    void theModelReportsWhatTheRealHostsReportForTheSameScripts() throws Exception {
        assertThat(s.removeNetwork()).extracting(NodeResult::changed).containsOnly(true);
        List<NodeResult> firstRun = s.applyNetwork();
        assertThat(firstRun).as("the network layer's first run on the real hosts, again")
                .extracting(NodeResult::changed).containsOnly(true);
        ModelParity.check(s, firstRun);
    }

    /**
     * Node 1's instance is deleted through the Linode API behind kubelode's back (as a person in Linode's
     * manager, or a lost host, would), and no command is typed. The provisioner's watch sees
     * {@code linode_delete} and replaces the node through every layer: a new instance under node 1's label
     * (a new real machine, booted by cloud-init with the same pinned host key), its base role, LXD and both
     * containers, the mesh applied again on every node (the other two follow node 1's new address), the lost
     * etcd member removed through a surviving control plane and node 1's control plane and worker joined,
     * the apps, and DNS with the new address instead of the lost one. The cluster keeps three healthy etcd
     * members, and the kubeconfig the gateway handed out before the loss lists the six nodes Ready through
     * the domain after it. The time from the delete to Ready is printed.
     */
    @Test
    @Order(98)
    void aDeletedNodeOneIsReplacedThroughEveryLayerAndTheOldKubeconfigStillWorks() throws IOException {
        String domain = "realok.example.org";
        Path kubeconfig = Files.createTempFile("kubelode-" + s.cluster, ".kubeconfig");
        Files.writeString(kubeconfig, s.stack.gateway().kubeconfig(s.cluster));
        RealHostScenario.Host lost = s.host(1);
        long provisionedBefore = s.events(EventType.NODE_PROVISIONED).size();
        int repairedBefore = s.events(EventType.NODE_REPAIRED).size();
        Instant asked = Instant.now();
        s.stack.sandbox().deleteInstance(lost.linodeId());
        s.reconnect(1);
        JsonNode started = awaitRepair(1, "REPLACE", lost.linodeId(), asked, repairedBefore);
        // whichever the watch saw first in its round: the account event, or the instance missing from its listing
        assertThat(started.path("cause").asText()).matches("linode_delete \\w+ \\(event \\d+\\)|instance "
                + lost.linodeId() + " is gone");

        List<JsonNode> provisioned = s.events(EventType.NODE_PROVISIONED);
        assertThat(provisioned).hasSize((int) provisionedBefore + 1);
        JsonNode replacement = provisioned.get(provisioned.size() - 1);
        assertThat(replacement.path("node").asInt()).isEqualTo(1);
        assertThat(replacement.path("label").asText()).isEqualTo(s.cluster + "-1");
        assertThat(replacement.path("linodeId").asLong()).as("a new instance").isNotEqualTo(lost.linodeId());
        s.replaced(replacement);
        String address = s.host(1).address();
        assertThat(s.stack.sandbox().instancesOf(s.cluster)).extracting(i -> i.path("id").asLong())
                .hasSize(3).doesNotContain(lost.linodeId()).contains(s.host(1).linodeId());

        // every layer built its part on the new machine
        s.busyboxEverywhere();
        assertThat(sh(1, "lxc list --format csv -c ns")).contains(s.master(1) + ",RUNNING")
                .contains(s.worker(1) + ",RUNNING");
        assertThat(ping(2, s.master(2), "10.100.1.3")).as("2-master → the new 1-worker over the mesh").isTrue();
        assertThat(ping(1, s.master(1), "10.100.3.3")).as("the new 1-master → 3-worker over the mesh").isTrue();
        awaitEtcdHealthy("three healthy etcd members, node 1's the new one");
        List<String> members = etcdctl("etcdctl_at https://10.100.2.2:2379 member list -w simple").lines().toList();
        assertThat(members).as("the lost member removed, the new one added").hasSize(3)
                .allSatisfy(m -> assertThat(m).contains("started"));
        // the new node's ingress (started by its kubelet in real life); the DNS layer's health watch then holds
        // no node out of the names (node 2's address too, withdrawn while it rebooted in check 13)
        ingress(1, "ingress-replaced");
        List<String> current = List.of(address, s.host(2).address(), s.host(3).address());
        List<List<String>> apex = new ArrayList<>(List.of(List.of()));
        Awaitility.await("the domain answers with the three current addresses, not the lost one")
                .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    apex.set(0, s.stack.sandbox().recordsOf(domain).stream()
                            .filter(r -> r.path("type").asText().equals("A")
                                    && (r.path("name").asText().isEmpty() || r.path("name").asText().equals(domain)))
                            .map(r -> r.path("target").asText()).sorted().toList());
                    return apex.get(0).equals(current.stream().sorted().toList());
                });
        assertThat(apex.get(0)).doesNotContain(lost.address());
        try (Internet internet = Internet.on(RealHostScenario.BRIDGE, RealHostScenario.INTERNET, 24)) {
            internet.resolves(domain, apex.get(0));
            String kubectl = "kubectl --kubeconfig " + kubeconfig + " ";
            Awaitility.await("the kubeconfig of before the loss lists six Ready nodes").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .until(() -> internet.run(kubectl + "get nodes --no-headers").lines()
                            .filter(l -> l.split("\\s+")[1].equals("Ready")).count() == 6);
            assertThat(internet.run(kubectl + "get nodes -o name").lines()).containsExactlyInAnyOrder(
                    "node/" + s.master(1), "node/" + s.worker(1), "node/" + s.master(2), "node/" + s.worker(2),
                    "node/" + s.master(3), "node/" + s.worker(3));
            assertThat(internet.run("curl -fksS --max-time 5 https://" + address + ":6443/healthz")).isEqualTo("ok");
        } finally {
            Files.deleteIfExists(kubeconfig);
        }
        // the way home: home's configuration as it was before the loss (its one peer at the lost address); the
        // replacement has node 1's key and mesh address, and its handshake moves home's peer to its new address
        try (Internet homeServer = homeServer(lost.address())) {
            pushHome(homeServer, 1, false);
            pushHome(homeServer, 2, true);
            assertThat(homeServer.run("wg show kl-home endpoints")).as("home's peer followed node 1")
                    .contains(address + ":51820");
            homeServer.run("rm -rf " + HOME_DIR);
        }
    }

    /**
     * Waits for the watch's repair of node {@code node} after {@code asked}: NodeRepairStarted of that kind
     * and instance, the gateway's phase Repairing, then NodeRepaired and Ready; prints the times.
     */
    private JsonNode awaitRepair(int node, String kind, long linodeId, Instant asked, int before) {
        JsonNode[] started = new JsonNode[1];
        Awaitility.await("the watch starts a " + kind + " repair of node " + node).atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    List<JsonNode> all = s.events(EventType.NODE_REPAIR_STARTED);
                    started[0] = all.isEmpty() ? null : all.get(all.size() - 1);
                    return started[0] != null && started[0].path("node").asInt() == node
                            && started[0].path("linodeId").asLong() == linodeId;
                });
        Duration seen = Duration.between(asked, Instant.now());
        assertThat(started[0].path("repair").asText()).isEqualTo(kind);
        // minutes of work on real hosts: the gateway shows it meanwhile
        Awaitility.await("the gateway shows the cluster Repairing").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).until(() -> "Repairing".equals(s.stack.gateway().phase(s.cluster))
                        || s.events(EventType.NODE_REPAIRED).size() > before);
        Awaitility.await("the cluster Ready again after the repair of node " + node).atMost(Duration.ofMinutes(20))
                .pollInterval(Duration.ofSeconds(2)).until(() -> s.events(EventType.NODE_REPAIRED).size() > before
                        && "Ready".equals(s.stack.gateway().phase(s.cluster)));
        assertThat(s.events(EventType.NODE_REPAIR_FAILED)).isEmpty();
        JsonNode repaired = s.events(EventType.NODE_REPAIRED).get(before);
        assertThat(repaired.path("node").asInt()).isEqualTo(node);
        assertThat(repaired.path("repair").asText()).isEqualTo(kind);
        System.out.printf("real-host scenario: node %d %s: the watch started the repair %d s after the event, "
                + "Ready again %d s after it (%.0f s of repair)%n", node, kind, seen.toSeconds(),
                Duration.between(asked, Instant.now()).toSeconds(), repaired.path("seconds").asDouble());
        return started[0];
    }

    /**
     * Last: the network and lxc layers' compensations, run as their services run them, leave nothing of
     * theirs on the hosts (the boot unit included), and are safe to repeat. Then both failing clusters
     * have rolled back to nothing: the half-way join's etcd member removed from the real etcd by node 1's
     * control plane, the containers of the one that failed by script name released. The Ready cluster is
     * deleted through the gateway (its k8s layer finds the containers gone and says so), and no instance,
     * no machine and, once the sandbox has stopped, no bridge is left.
     */
    @Test
    @Order(99)
    void theCompensationLeavesNothingOfAnyLayerAndNothingIsLeftOfAnyCluster() throws IOException {
        assertThat(s.removeNetwork()).extracting(NodeResult::changed).containsOnly(true);
        List<Boolean> released = s.parallel(n -> LxcNode.release(s.ssh(n), s.lxcPlans.get(n)));
        assertThat(released).containsOnly(true);
        for (int n = 1; n <= RealHostScenario.NODES; n++) {
            assertThat(sh(n, "lxc list --format csv -c n; lxc profile list --format csv | cut -d, -f1; "
                    + "lxc network list --format csv | cut -d, -f1"))
                    .doesNotContain(s.master(n), s.worker(n), "kubelode0");
            assertThat(sh(n, "ip link show kl-mesh >/dev/null 2>&1 && echo present || echo absent")).isEqualTo("absent");
            assertThat(sh(n, "ls -d /etc/systemd/system/kubelode-network.service /etc/kubelode/network/apply.sh "
                    + "2>/dev/null || true")).as("no boot unit left on node %s", n).isEmpty();
        }
        assertThat(s.removeNetwork()).as("the compensation is safe to repeat").extracting(NodeResult::changed)
                .containsOnly(false);
        assertThat(s.parallel(n -> LxcNode.release(s.ssh(n), s.lxcPlans.get(n)))).containsOnly(false);

        String failPhase = s.awaitEnd(s.failing, List.of("Ready", "RolledBack", "Failed"));
        List<Entry> failEvents = s.history(s.failing);
        assertThat(failPhase).as("cluster failed on node 3, whose failures were %s", RealHostScenario.failures(failEvents))
                .isEqualTo("RolledBack");
        assertThat(failEvents.stream().filter(e -> EventType.CLUSTER_JOIN_FAILED.type().equals(e.type()))
                .map(Entry::value)).singleElement().asString().contains("join in " + s.failing + "-3-master")
                .contains("after its etcd member was added");
        // node 3's reset found no member of its own (its etcd never ran); node 1's control plane removed it
        // from the real etcd before node 2's reset, which could not have left a quorum with it still listed
        assertThat(failEvents.stream().filter(e -> EventType.CLUSTER_RESET.type().equals(e.type()))
                .map(Entry::value)).singleElement().asString()
                .contains("\"leftoverEtcdMembers\":[\"" + s.failing + "-3-master\"]");
        assertThat(RealHostScenario.count(failEvents, EventType.LXC_RELEASED)).isGreaterThanOrEqualTo(1);
        assertThat(RealHostScenario.count(failEvents, EventType.NODES_RELEASED)).isGreaterThanOrEqualTo(1);

        String namePhase = s.awaitEnd(s.byName, List.of("Ready", "RolledBack", "Failed"));
        List<Entry> nameEvents = s.history(s.byName);
        assertThat(namePhase).as("cluster failed on node 3 by script name, whose failures were %s",
                RealHostScenario.failures(nameEvents)).isEqualTo("RolledBack");
        assertThat(nameEvents.stream().filter(e -> EventType.LXC_FAILED.type().equals(e.type()))
                .map(Entry::value)).singleElement().asString().contains("\"node\":3")
                .contains("lxd-host.sh").contains("injected by the sandbox on node 3");
        System.out.printf("real-host scenario: %s's nodes announced ready before its rollback: %d of 2%n", s.byName,
                RealHostScenario.count(nameEvents, EventType.LXC_READY));
        assertThat(RealHostScenario.count(nameEvents, EventType.LXC_RELEASED)).isGreaterThanOrEqualTo(1);
        assertThat(RealHostScenario.count(nameEvents, EventType.NODES_RELEASED)).isGreaterThanOrEqualTo(1);

        s.stack.gateway().delete(s.cluster);
        assertThat(s.awaitEnd(s.cluster, List.of("Deleted"))).isEqualTo("Deleted");
        assertThat(s.stack.sandbox().instances()).as("no instance left").isEmpty();
        try (Stream<Path> machines = Files.list(DebianHost.INSTANCES)) {
            assertThat(machines.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(RealHostScenario.PREFIX + "-"))).as("no machine left").isEmpty();
        }
        s.close();
        // the sandbox stopped: the bridge that stood for the internet went with its machines
        assertThat(new HostBridge(RealHostScenario.BRIDGE, RealHostScenario.RANGE + ".1", 24,
                RealHostScenario.RANGE + ".0/24").exists()).as("the bridge %s left behind", RealHostScenario.BRIDGE)
                .isFalse();
    }

    private static Script joinState(String role) {
        return Script.named("join-state.sh").param("K8S_ETC", "/etc/kubernetes").param("ROLE", role);
    }

    private boolean ping(int node, String container, String address) {
        CommandResult r = s.run(node, "lxc exec " + container + " -- /usr/local/bin/busybox ping -c 3 -W 5 " + address);
        System.out.println("ping " + container + " → " + address + ": exit " + r.exitStatus() + "\n" + r.stdout());
        return r.exitStatus() == 0;
    }

    private static boolean overlaps(String subidEntry, Container c) {
        String[] f = subidEntry.split(":");
        long start = Long.parseLong(f[1]);
        return start < c.idmapStart() + c.idmapSize() && c.idmapStart() < start + Long.parseLong(f[2]);
    }

    private String sh(int n, String script) {
        CommandResult r = s.run(n, "set -euo pipefail\n" + script);
        assertThat(r.exitStatus()).as(script + ": " + r.stderrTail()).isZero();
        return r.stdout().strip();
    }
}
