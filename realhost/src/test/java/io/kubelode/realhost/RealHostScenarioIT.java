package io.kubelode.realhost;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.LxcEvent.Container;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.k8s.plan.CniConfig;
import io.kubelode.k8s.plan.scripts.ContainerScript;
import io.kubelode.k8s.plan.scripts.Role;
import io.kubelode.k8s.plan.scripts.Script;
import io.kubelode.lxc.host.LxcNode;
import io.kubelode.lxc.plan.LxcPlan;
import io.kubelode.network.NetworkApplier.NodeResult;
import io.kubelode.support.shell.CommandResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The layers on the shared real-host scenario, in the order the saga runs them: what each layer
 * reports matches what is on the hosts, the layers fit together (the mesh carries the containers'
 * traffic, the k8s layer enters the containers the lxc layer made), a rerun changes nothing, and
 * the compensation leaves nothing. The compensation runs last.
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
        assertThat(s.releasedBeforeAnything).as("the compensation where nothing ever existed changes nothing").isFalse();
        for (int n = 1; n <= RealHostScenario.NODES; n++) {
            LxcPlan plan = s.lxcPlans.get(n);
            LxcReady ready = s.lxcReady.get(n);
            Container m = ready.master();
            Container w = ready.worker();
            assertThat(m.name()).isEqualTo("real-" + n + "-master");
            assertThat(w.name()).isEqualTo("real-" + n + "-worker");
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
        }
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
        assertThat(s.networkResults).extracting(NodeResult::changed).containsOnly(true);
        s.busyboxEverywhere();
        for (int n = 1; n <= RealHostScenario.NODES; n++) {
            // node 1 also peers with home (the spec's home peer)
            assertThat(sh(n, "wg show kl-mesh peers | wc -l")).as("node %s's peers", n).isEqualTo(n == 1 ? "3" : "2");
        }
        // node 1's control plane → node 3's worker, node 3's control plane → node 2's worker, and back
        assertThat(ping(1, "real-1-master", "10.100.3.3")).as("1-master → 3-worker").isTrue();
        assertThat(ping(3, "real-3-master", "10.100.2.3")).as("3-master → 2-worker").isTrue();
        assertThat(ping(2, "real-2-worker", "10.100.1.2")).as("2-worker → 1-master").isTrue();
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
        s.run(1, "lxc exec real-1-master -- /usr/local/bin/busybox nc -w 2 10.100.3.2 7001 </dev/null");
        assertThat(sh(3, "for i in $(seq 100); do [ -s /tmp/syn ] && break; sleep 0.1; done; cat /tmp/syn"))
                .as("the SYN node 3 received over the mesh").contains(" 10.100.1.2.").contains(" > 10.100.3.2.7001:");
    }

    @Test
    @Order(4)
    void theK8sLayerEntersTheContainersTheLxcLayerMade() {
        for (int n = 1; n <= RealHostScenario.NODES; n++) {
            for (Role role : Role.values()) {
                String container = "real-" + n + "-" + role.label();
                CommandResult r = s.run(n, ContainerScript.wrap(role, container, joinState(role.label())));
                assertThat(r.exitStatus()).as(container + ": " + r.stderrTail()).isZero();
                assertThat(r.stdout()).contains("state=absent").contains("kubelode:unchanged");
            }
        }
        CommandResult wrongRole = s.run(1, ContainerScript.wrap(Role.WORKER, "real-1-master", joinState("worker")));
        assertThat(wrongRole.exitStatus()).isEqualTo(1);
        assertThat(wrongRole.stderr()).contains("container real-1-master is the master container, not the worker");
        CommandResult missing = s.run(1, ContainerScript.wrap(Role.WORKER, "real-9-worker", joinState("worker")));
        assertThat(missing.exitStatus()).isEqualTo(1);
        assertThat(missing.stderr()).contains("kubelode: no container real-9-worker on this host");
    }

    @Test
    @Order(5)
    void aSecondRunOfEveryLayerChangesNothing() {
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
            for (int port : List.of(80, 443)) {
                background(n, "real-" + n + "-worker", "nc -ll -p " + port + " -e echo ingress-" + n + "-" + port);
            }
            background(n, "real-" + n + "-master", "nc -ll -p 6443 -e echo api-" + n);
            // what a host runs besides sshd must not be reachable from the world: kubelet's and etcd's ports
            sh(n, "for p in 10250 2379; do setsid busybox nc -ll -p $p -e echo host-$p </dev/null >/dev/null 2>&1 & "
                    + "done");
        }
        try (Internet internet = Internet.on(RealHostScenario.BRIDGE.name(), "172.31.249.250", 24)) {
            for (int n = 1; n <= RealHostScenario.NODES; n++) {
                String pub = s.host(n).address();
                assertThat(internet.read(pub, 80)).as("node %s :80", n).isEqualTo("ingress-" + n + "-80");
                assertThat(internet.read(pub, 443)).as("node %s :443", n).isEqualTo("ingress-" + n + "-443");
                assertThat(internet.read(pub, 6443)).as("node %s :6443", n).isEqualTo("api-" + n);
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
                    assertThat(sh(n, "lxc exec real-" + n + "-" + role + " -- /usr/local/bin/busybox nc -w 5 "
                            + internet.address() + " 8000 </dev/null || true")).as("real-%s-%s → internet", n, role)
                            .isEqualTo("from-the-internet");
                }
            }
        }
        // the containers still reach the hosts' services from inside (the wall is for the world only)
        assertThat(sh(1, "lxc exec real-1-worker -- /usr/local/bin/busybox nc -w 3 " + s.lxcPlans.get(1).gateway()
                + " 10250 </dev/null")).isEqualTo("host-10250");
    }

    @Test
    @Order(7)
    void aRebootedHostComesBackWithItsContainersMeshRoutesAndFrontWithNoKubelodeAction() {
        s.busyboxEverywhere();
        assertThat(sh(2, "systemctl is-enabled kubelode-network.service")).isEqualTo("enabled");
        String routes = sh(2, "ip -4 route show proto 157 | sort");
        String table = sh(2, "nft list table inet kubelode_mesh | grep -c 'comment \"kubelode:'");
        long t = System.nanoTime();
        s.host(2).reboot();
        // boot finished (every unit started or failed): the signal, instead of polling each part
        String state = sh(2, "systemctl is-system-running --wait || true");
        System.out.printf("real-host scenario: node 2 rebooted, boot finished (%s) after %.1f s%n", state,
                (System.nanoTime() - t) / 1e9);
        assertThat(sh(2, "systemctl is-active kubelode-network.service lxd.service")).isEqualTo("active\nactive");
        assertThat(sh(2, "lxc list --format csv -c ns")).contains("real-2-master,RUNNING").contains("real-2-worker,RUNNING");
        assertThat(sh(2, "ip -4 route show proto 157 | sort")).isEqualTo(routes);
        assertThat(sh(2, "nft list table inet kubelode_mesh | grep -c 'comment \"kubelode:'")).isEqualTo(table);
        assertThat(ping(1, "real-1-master", "10.100.2.3")).as("1-master → rebooted 2-worker").isTrue();
        assertThat(ping(2, "real-2-master", "10.100.3.3")).as("rebooted 2-master → 3-worker").isTrue();
        background(2, "real-2-worker", "nc -ll -p 80 -e echo ingress-after-reboot");
        sh(2, "setsid busybox nc -ll -p 10250 -e echo host-10250 </dev/null >/dev/null 2>&1 &");
        try (Internet internet = Internet.on(RealHostScenario.BRIDGE.name(), "172.31.249.250", 24)) {
            assertThat(internet.read(s.host(2).address(), 80)).isEqualTo("ingress-after-reboot");
            assertThat(internet.read(s.host(2).address(), 10250)).as("the firewall is back too").isEmpty();
        }
        // a rerun of the layer after the reboot finds everything in place
        assertThat(s.applyNetwork()).extracting(NodeResult::changed).containsOnly(false);
    }

    @Test
    @Order(8)
    void bothContainersOfEveryNodeSeeTheSecuritySuiteAndUpgradeUnattended() {
        long t = System.nanoTime();
        for (int n = 1; n <= RealHostScenario.NODES; n++) {
            for (String role : List.of("master", "worker")) {
                String c = "lxc exec real-" + n + "-" + role + " -- ";
                // what apt sees, from the lists the lxc layer fetched (nothing is fetched here)
                assertThat(sh(n, c + "apt-cache policy")).as("real-%s-%s: apt-cache policy", n, role)
                        .contains("http://deb.debian.org/debian-security bookworm-security/main")
                        .contains("n=bookworm-security").contains("l=Debian-Security")
                        .contains("http://deb.debian.org/debian bookworm-updates/main");
                // the security updates those lists name are installed already (the image's are months old)
                String upgrade = sh(n, c + "apt-get -s upgrade");
                System.out.printf("real-%s-%s: apt-get -s upgrade would install %d packages%n", n, role,
                        upgrade.lines().filter(l -> l.startsWith("Inst ")).count());
                assertThat(upgrade.lines().filter(l -> l.startsWith("Inst ") && l.contains("Debian-Security")).toList())
                        .as("real-%s-%s: security updates pending", n, role).isEmpty();
                assertThat(sh(n, c + "dpkg-query -W -f='${Status}' unattended-upgrades")).isEqualTo("install ok installed");
                String config = sh(n, c + "apt-config dump");
                assertThat(config).as("real-%s-%s: the daily update and unattended upgrade", n, role)
                        .contains("APT::Periodic::Update-Package-Lists \"1\";")
                        .contains("APT::Periodic::Unattended-Upgrade \"1\";");
                assertThat(config.lines().filter(l -> l.startsWith("Unattended-Upgrade::Origins-Pattern:: ")
                        || l.startsWith("Unattended-Upgrade::Allowed-Origins:: ")).toList())
                        .as("real-%s-%s: the security origin only", n, role)
                        .containsExactly("Unattended-Upgrade::Origins-Pattern:: "
                                + "\"origin=Debian,codename=${distro_codename}-security,label=Debian-Security\";");
                assertThat(sh(n, c + "systemctl is-enabled apt-daily.timer apt-daily-upgrade.timer"))
                        .isEqualTo("enabled\nenabled");
                assertThat(sh(n, c + "systemctl is-active apt-daily.timer apt-daily-upgrade.timer"))
                        .isEqualTo("active\nactive");
            }
        }
        // Debian's own tool reads that configuration as the security suite of this release and nothing else
        assertThat(sh(1, "lxc exec real-1-worker -- unattended-upgrade --dry-run --debug 2>&1 | grep '^Allowed origins'"))
                .isEqualTo("Allowed origins are: origin=Debian,codename=bookworm-security,label=Debian-Security");
        System.out.printf("real-host scenario: the security-update check took %.1f s%n", (System.nanoTime() - t) / 1e9);
    }

    @Test
    @Order(9)
    void eachContainerHasAnAppArmorWallAgainstTheOtherAndLxcReadySaysWhichWallsHold() {
        long t = System.nanoTime();
        for (int n = 1; n <= RealHostScenario.NODES; n++) {
            assertThat(sh(n, "dpkg-query -W -f='${Status}' apparmor")).as("AppArmor's parser on node %s", n)
                    .isEqualTo("install ok installed");
            boolean kernel = sh(n, "cat /sys/module/apparmor/parameters/enabled 2>/dev/null || echo N").equals("Y");
            LxcReady ready = s.lxcReady.get(n);
            for (List<String> pair : List.of(List.of("master", "worker"), List.of("worker", "master"))) {
                String self = "real-" + n + "-" + pair.get(0);
                String other = "real-" + n + "-" + pair.get(1);
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
        }
        // control: the parser refuses a rule it cannot compile, so the acceptance above is the parser's
        CommandResult broken = s.run(1, "sed 's|^  deny .*/\\*\\* rwklmx,$|  deny /x/** rwz,|' "
                + "/var/lib/lxd/security/apparmor/profiles/lxd-real-1-worker | apparmor_parser -Q -K");
        assertThat(broken.exitStatus()).isNotZero();
        assertThat(broken.stderr()).contains("syntax error");
        System.out.printf("real-host scenario: the AppArmor check took %.1f s%n", (System.nanoTime() - t) / 1e9);
    }

    /**
     * A pod on every node's worker container, made as the kubelet's runtime makes one: a network
     * namespace attached by Debian's CNI bridge plugin with the bridge configuration the k8s layer
     * writes ({@link CniConfig}, host-local IPAM over the worker's pod range, no masquerading). After
     * node 2's reboot (check 7): a pod reaches the pods of the other nodes over the mesh, with its own
     * address as the source, and the internet through its host, and the answers come back.
     */
    @Test
    @Order(10)
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
        try (Internet internet = Internet.on(RealHostScenario.BRIDGE.name(), "172.31.249.250", 24)) {
            internet.listen(8001, "pod-egress");
            for (int n = 1; n <= RealHostScenario.NODES; n++) {
                assertThat(sh(n, "lxc exec real-" + n + "-worker -- ip netns exec kl-pod /usr/local/bin/busybox nc -w 5 "
                        + internet.address() + " 8001 </dev/null || true")).as("pod on node %s → internet", n)
                        .isEqualTo("pod-egress");
            }
        }
    }

    /**
     * The backups home: a home server on the bridge that stands for the internet (a namespace with
     * wireguard-go and a real rsync daemon on its mesh address, set up as the README says: one peer,
     * node 1, allowing node 1's mesh address only), and from the pod of every node (check 10) a real
     * {@code rsync} push, which reaches home through node 1. Home opens nothing in the cluster.
     */
    @Test
    @Order(11)
    void aBackupFromThePodOfEveryNodeReachesTheHomePeer() {
        s.busyboxEverywhere();
        long t = System.nanoTime();
        String home = s.addresses.homeMeshAddress();
        String node1Mesh = s.addresses.node(1).meshAddress();
        String dir = "/tmp/kubelode-home-" + RealHostScenario.BRIDGE.name();
        try (Internet homeServer = Internet.on("home", RealHostScenario.BRIDGE.name(), RealHostScenario.HOME_PUBLIC, 24)) {
            homeServer.run("set -euo pipefail\nwireguard-go kl-home >/dev/null 2>&1\n"
                    + "wg set kl-home private-key <(printf '%s\\n' '" + s.homeKey.privateKey() + "') listen-port 51820"
                    + " peer " + s.meshKeys.get(1).publicKey() + " endpoint " + s.host(1).address() + ":51820"
                    + " allowed-ips " + node1Mesh + "/32\n"
                    + "ip addr add " + home + "/24 dev kl-home\nip link set kl-home up\n"
                    + "rm -rf " + dir + " && mkdir -p " + dir + "/backup\n"
                    + "printf '%s\\n' 'pid file = " + dir + "/rsyncd.pid' 'address = " + home + "' 'port = 873'"
                    + " 'use chroot = no' '[kubelode]' '    path = " + dir + "/backup' '    read only = false'"
                    + " '    hosts allow = " + node1Mesh + "' '    uid = root' '    gid = root' > " + dir + "/rsyncd.conf\n"
                    + "rsync --daemon --config=" + dir + "/rsyncd.conf </dev/null >/dev/null 2>&1\n");
            for (int n = 1; n <= RealHostScenario.NODES; n++) {
                String container = "real-" + n + "-worker";
                sh(n, "lxc exec " + container + " -- bash -s <<'RSYNC'\nset -euo pipefail\n"
                        + "command -v rsync >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq"
                        + " --no-install-recommends rsync >/dev/null\n"
                        + "mkdir -p /tmp/backup && hostname > /tmp/backup/from\n"
                        + "ip netns exec kl-pod rsync --archive --timeout=20 /tmp/backup/ rsync://" + home
                        + ":873/kubelode/" + container + "/\nRSYNC");
                assertThat(homeServer.run("cat " + dir + "/backup/" + container + "/from").strip())
                        .as("the backup of node %s's pod, at home", n).isEqualTo(container);
            }
            // home opens nothing in the cluster: not node 1's worker, not a pod, not node 1 itself
            background(1, "real-1-worker", "nc -ll -p 873 -e echo worker-873");
            assertThat(homeServer.run("busybox nc -w 3 " + s.addresses.node(1).workerAddress() + " 873 </dev/null"
                    + " 2>/dev/null || true").strip()).as("home → node 1's worker").isEmpty();
            assertThat(homeServer.run("busybox ping -c 1 -W 2 " + node1Mesh + " >/dev/null 2>&1 && echo answered"
                    + " || true").strip()).as("home → node 1").isEmpty();
            homeServer.run("rm -rf " + dir); // the daemon goes with the namespace
        }
        System.out.printf("real-host scenario: backups home from every node after %.1f s%n", (System.nanoTime() - t) / 1e9);
    }

    /** Makes node {@code n}'s pod (idempotent); returns its address. */
    private String pod(int n) {
        String container = "real-" + n + "-worker";
        String plugin = CniConfig.forPodRange(s.addresses.node(n).workerPodCidr()).pluginConfig(0);
        String out = sh(n, "lxc exec " + container + " -- bash -s <<'POD'\n"
                + "set -euo pipefail\n"
                + "if [[ ! -x /usr/lib/cni/bridge ]]; then\n"
                + "  export DEBIAN_FRONTEND=noninteractive\n"
                + "  apt-get update -qq && apt-get install -y -qq --no-install-recommends containernetworking-plugins"
                + " >/dev/null\n"
                + "fi\n"
                + "ip netns del kl-pod 2>/dev/null || true\n"
                + "rm -rf /var/lib/cni/networks/kubelode\n"
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
        CommandResult r = s.run(node, "lxc exec real-" + node + "-worker -- ip netns exec kl-pod "
                + "/usr/local/bin/busybox ping -c 3 -W 5 " + address);
        System.out.println("pod on node " + node + " → " + address + ": exit " + r.exitStatus() + "\n" + r.stdout());
        return r.exitStatus() == 0;
    }

    private void background(int n, String container, String nc) {
        sh(n, "lxc exec " + container + " -- sh -c 'setsid /usr/local/bin/busybox " + nc
                + " </dev/null >/dev/null 2>&1 &'");
    }

    @Test
    @Order(99)
    void theCompensationLeavesNothingOfAnyLayer() {
        assertThat(s.removeNetwork()).extracting(NodeResult::changed).containsOnly(true);
        List<Boolean> released = s.parallel(n -> LxcNode.release(s.ssh(n), s.lxcPlans.get(n)));
        assertThat(released).containsOnly(true);
        for (int n = 1; n <= RealHostScenario.NODES; n++) {
            assertThat(sh(n, "lxc list --format csv -c n; lxc profile list --format csv | cut -d, -f1; "
                    + "lxc network list --format csv | cut -d, -f1"))
                    .doesNotContain("real-" + n + "-master", "real-" + n + "-worker", "kubelode0");
            assertThat(sh(n, "ip link show kl-mesh >/dev/null 2>&1 && echo present || echo absent")).isEqualTo("absent");
            assertThat(sh(n, "ls -d /etc/systemd/system/kubelode-network.service /etc/kubelode/network/apply.sh "
                    + "2>/dev/null || true")).as("no boot unit left on node %s", n).isEmpty();
        }
        assertThat(s.removeNetwork()).as("the compensation is safe to repeat").extracting(NodeResult::changed)
                .containsOnly(false);
        assertThat(s.parallel(n -> LxcNode.release(s.ssh(n), s.lxcPlans.get(n)))).containsOnly(false);
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
