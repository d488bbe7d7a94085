package io.kubelode.realhost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelode.events.EventType;
import io.kubelode.events.Topics;
import io.kubelode.events.plan.LinodeNames;
import io.kubelode.hosts.DebianHost;
import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.StackService;
import io.kubelode.testkit.stack.TopicHistory;
import io.kubelode.testkit.stack.TopicHistory.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every service as its own process on a real broker, against the sandbox with real machines
 * ({@code kubelode.sandbox.machines.mode=real}): the provisioner creates the instances through the
 * API, each a Debian 12 machine booted by cloud-init with the pinned host key, and every layer's
 * scripts run on them for real as the saga drives them — the base role, LXD with the two
 * containers, the mesh, and the k8s layer, which installs containerd (Debian's: Docker's repository,
 * the default on Linode, is out of reach here), HAProxy and the CNI plugins from Debian and kubelet, kubeadm and kubectl from the sandbox's signed repository of stand-in
 * packages (Debian 12 has none), whose kubeadm serves the API from each control-plane container
 * and whose kubelets register through HAProxy. Three clusters side by side: one to Ready and then
 * deleted; one whose control-plane join on node 3 fails after kubeadm added its etcd member (a
 * {@code fail-commands} fault on the stand-in's {@code kubeadm join --control-plane}), rolled back
 * with that left-over member removed from the real etcd; one whose containers fail on node 3 by
 * the script's declared name ({@code lxd-containers.sh}, which the machines' ssh gate asks the
 * sandbox about), rolled back. All end with no machine at all.
 */
@ExtendWith(NeedsRealHosts.class)
class SagaOnRealMachinesIT {
    private static final String PREFIX = "kl-saga";
    private static final String RANGE = "172.31.246";

    private static String spec(String name) {
        return """
                name: %s
                region: us-east
                nodes: 3
                domain: %s.example.org
                apps: [web]
                sshKeys:
                  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlpvcg1lQVofvTVFCu4pK5kiC07l4/Ss3ZpxKBbYlZc me@home
                """.formatted(name, name);
    }

    @Test
    void oneClusterReachesReadyOnRealMachinesAndFailuresOnNode3RollTheOthersBackToNothing() throws IOException {
        try (LocalStack stack = LocalStack.builder().ipv4Range(RANGE + ".0/24")
                .readyTimeout(Duration.ofMinutes(3))
                .prop(StackService.SANDBOX, "kubelode.sandbox.machines.mode", "real")
                .prop(StackService.SANDBOX, "kubelode.sandbox.machines.bridge", "klsaga0")
                .prop(StackService.SANDBOX, "kubelode.sandbox.machines.name-prefix", PREFIX)
                .prop(StackService.SANDBOX, "kubelode.sandbox.network.ssh-port", "22")
                .prop(StackService.PROVISIONER, "kubelode.provisioner.ssh-port", "22")
                .prop(StackService.K8S, "kubelode.k8s.kubernetes-repository",
                        "http://" + RANGE + ".1:8079/apt/k8s/v{minor}/")
                // Docker's repository (containerd.io, the default on Linode) is unreachable here: Debian's own
                .prop(StackService.K8S, "kubelode.k8s.containerd-version", "containerd=1.6.*")
                .start()) {
            // the stand-in kubeadm asks the sandbox after it added node 3's member to the real etcd, before it
            // starts that member: the join stops half-way, as kubeadm #2095's did
            stack.sandbox().fault(Map.of("type", "fail-commands", "label_pattern", "realfail-[a-z0-9]+-3",
                    "command_pattern", "^kubeadm join --control-plane$",
                    "stderr", "kubeadm join failed: injected by the sandbox on node 3 after its etcd member was added"));
            // keyed by the script's declared name (# kubelode: lxd-containers.sh): the machine's ssh gate asks the sandbox
            stack.sandbox().fault(Map.of("type", "fail-commands", "label_pattern", "realname-[a-z0-9]+-3",
                    "command_pattern", "^lxd-containers\\.sh$",
                    "stderr", "lxd-containers.sh failed: injected by the sandbox on node 3"));
            String ready = stack.gateway().create(spec("realok"), "real-saga-ok");
            String failing = stack.gateway().create(spec("realfail"), "real-saga-fail");
            String byName = stack.gateway().create(spec("realname"), "real-saga-name");
            Instant start = Instant.now();

            String okPhase = awaitEnd(stack, ready, List.of("Ready", "RolledBack", "Failed"));
            Duration toReady = Duration.between(start, Instant.now());
            List<Entry> okEvents = history(stack, ready);
            assertThat(okPhase).as("cluster on real machines, whose failures were %s", failures(okEvents))
                    .isEqualTo("Ready");
            assertThat(count(okEvents, EventType.NODE_PROVISIONED)).isEqualTo(3);
            assertThat(count(okEvents, EventType.LXC_READY)).isEqualTo(3);
            assertThat(count(okEvents, EventType.CLUSTER_JOINED)).isEqualTo(1);
            assertThat(count(okEvents, EventType.APPS_DEPLOYED)).isEqualTo(1);
            assertThat(count(okEvents, EventType.DNS_PUBLISHED)).isEqualTo(1);
            JsonNode api = stack.sandbox().get("/sandbox/kube");
            List<String> nodes = new ArrayList<>();
            api.forEach(c -> c.path("nodes").forEach(n -> {
                if (n.path("ready").asBoolean()) {
                    nodes.add(n.path("name").asText());
                }
            }));
            assertThat(nodes).as("the kubelets registered through HAProxy and the control planes")
                    .contains(ready + "-1-master", ready + "-1-worker", ready + "-2-master", ready + "-2-worker",
                            ready + "-3-master", ready + "-3-worker");
            // the person's view: the real kubectl with the kubeconfig kubelode hands out, from the internet,
            // through the cluster's domain (every node's public address, as the DNS layer published them), a
            // node's DNAT and its control plane's TLS listener
            String domain = "realok.example.org";
            java.nio.file.Path kubeconfig = Files.createTempFile("kubelode-" + ready, ".kubeconfig");
            Files.writeString(kubeconfig, stack.gateway().kubeconfig(ready));
            assertThat(Files.readString(kubeconfig)).contains("server: https://" + domain + ":6443");
            List<String> apex = stack.sandbox().recordsOf(domain).stream()
                    // Linode names the apex "" (the sandbox keeps the name as it was sent: the domain)
                    .filter(r -> r.path("type").asText().equals("A")
                            && (r.path("name").asText().isEmpty() || r.path("name").asText().equals(domain)))
                    .map(r -> r.path("target").asText()).toList();
            assertThat(apex).as("the domain's round-robin records").hasSize(3);
            try (Internet internet = Internet.on("klsaga0", RANGE + ".250", 24)) {
                internet.resolves(domain, apex);
                String kubectl = "kubectl --kubeconfig " + kubeconfig + " ";
                assertThat(internet.run(kubectl + "get nodes -o name").lines())
                        .containsExactlyInAnyOrder("node/" + ready + "-1-master", "node/" + ready + "-1-worker",
                                "node/" + ready + "-2-master", "node/" + ready + "-2-worker",
                                "node/" + ready + "-3-master", "node/" + ready + "-3-worker");
                assertThat(internet.run(kubectl + "describe node " + ready + "-2-worker"))
                        .contains("Name:", ready + "-2-worker", "InternalIP:", "10.100.2.3");
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
                String worker = ready + "-3-worker";
                String readyOf = kubectl + "get node " + worker + " -o jsonpath='{.status.conditions[?(@.type==\"Ready\")]"
                        + ".status} {.status.conditions[?(@.type==\"Ready\")].message}'";
                inContainer(machine(stack, ready, 3), worker, "systemctl stop containerd");
                Awaitility.await(worker + " NotReady").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> internet.run(readyOf).strip().equals("False container runtime is down"));
                inContainer(machine(stack, ready, 3), worker, "systemctl start containerd");
                Awaitility.await(worker + " Ready again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> internet.run(readyOf).startsWith("True "));
                theKubeconfigOutlivesNode1sControlPlane(stack, ready, internet, kubectl);
            } finally {
                Files.deleteIfExists(kubeconfig);
            }

            containerdContainersReachEachOtherAcrossNodes(stack, ready);

            // a real etcd of three members (Debian's etcd, kubelode's minted etcd CA), listed over the mesh:
            // from node 1's control plane, through node 3's member
            assertThat(etcdctl(stack, ready, "etcdctl_at https://10.100.3.2:2379 member list").lines()
                    .map(l -> String.join(", ", List.of(l.split(", ")).subList(1, 4))))
                    .containsExactlyInAnyOrder("started, " + ready + "-1-master, https://10.100.1.2:2380",
                            "started, " + ready + "-2-master, https://10.100.2.2:2380",
                            "started, " + ready + "-3-master, https://10.100.3.2:2380");
            everyHaproxyDropsADeadControlPlaneAndTakesItBack(stack, ready);
            aRebootedNodeComesBackWithNoCommand(stack, ready);

            String failPhase = awaitEnd(stack, failing, List.of("Ready", "RolledBack", "Failed"));
            List<Entry> failEvents = history(stack, failing);
            assertThat(failPhase).as("cluster failed on node 3, whose failures were %s", failures(failEvents))
                    .isEqualTo("RolledBack");
            assertThat(failEvents.stream().filter(e -> EventType.CLUSTER_JOIN_FAILED.type().equals(e.type()))
                    .map(Entry::value)).singleElement().asString().contains("join in " + failing + "-3-master")
                    .contains("after its etcd member was added");
            // node 3's reset found no member of its own (its etcd never ran); node 1's control plane removed it
            // from the real etcd before node 2's reset, which could not have left a quorum with it still listed
            assertThat(failEvents.stream().filter(e -> EventType.CLUSTER_RESET.type().equals(e.type()))
                    .map(Entry::value)).singleElement().asString()
                    .contains("\"leftoverEtcdMembers\":[\"" + failing + "-3-master\"]");
            assertThat(count(failEvents, EventType.LXC_RELEASED)).isGreaterThanOrEqualTo(1);
            assertThat(count(failEvents, EventType.NODES_RELEASED)).isGreaterThanOrEqualTo(1);

            String namePhase = awaitEnd(stack, byName, List.of("Ready", "RolledBack", "Failed"));
            List<Entry> nameEvents = history(stack, byName);
            assertThat(namePhase).as("cluster failed on node 3 by script name, whose failures were %s",
                    failures(nameEvents)).isEqualTo("RolledBack");
            assertThat(nameEvents.stream().filter(e -> EventType.LXC_FAILED.type().equals(e.type()))
                    .map(Entry::value)).singleElement().asString().contains("\"node\":3")
                    .contains("lxd-containers.sh").contains("injected by the sandbox on node 3");
            assertThat(count(nameEvents, EventType.LXC_RELEASED)).isGreaterThanOrEqualTo(1);
            assertThat(count(nameEvents, EventType.NODES_RELEASED)).isGreaterThanOrEqualTo(1);

            stack.gateway().delete(ready);
            assertThat(awaitEnd(stack, ready, List.of("Deleted"))).isEqualTo("Deleted");
            System.out.printf("real machines: Ready after %d s%n", toReady.toSeconds());

            assertThat(stack.sandbox().instances()).as("no instance left").isEmpty();
            try (Stream<java.nio.file.Path> machines = Files.list(DebianHost.INSTANCES)) {
                assertThat(machines.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX + "-")))
                        .as("no machine left").isEmpty();
            }
        }
        // the sandbox stopped: the bridge that stood for the internet went with its machines
        assertThat(new io.kubelode.hosts.HostBridge("klsaga0", RANGE + ".1", 24, RANGE + ".0/24").exists())
                .as("the bridge klsaga0 left behind").isFalse();
    }

    /**
     * Nothing of the person's kubeconfig is tied to node 1: its control plane dies (its kubelet, which
     * runs its API listener and its etcd member, stops), node 1's public address answers the API no
     * more, and the same kubectl, through the domain, still lists the six nodes from the other two
     * (Go's dialer tries the domain's next address when one refuses). Node 1 then comes back, with
     * its etcd member healthy again.
     */
    private static void theKubeconfigOutlivesNode1sControlPlane(LocalStack stack, String cluster, Internet internet,
                                                                String kubectl) {
        String master = cluster + "-1-master";
        JsonNode ipv4 = stack.sandbox().instancesOf(cluster).stream()
                .filter(i -> i.path("label").asText().endsWith("-1")).findFirst().orElseThrow().path("ipv4");
        String node1 = ipv4.isArray() ? ipv4.path(0).asText() : ipv4.asText();
        String direct = "curl -ksS --max-time 5 -o /dev/null -w '%{http_code}' https://" + node1
                + ":6443/healthz 2>&1; true";
        assertThat(internet.run(direct)).as("node 1's public address, before").contains("200");
        inContainer(machine(stack, cluster, 1), master, "systemctl stop kubelet");
        try {
            Awaitility.await("node 1's public address stops answering the API").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> !internet.run(direct).contains("200"));
            Instant asked = Instant.now();
            assertThat(internet.run(kubectl + "get nodes -o name").lines()).as("kubectl through the domain, node 1 "
                    + "(%s) down", node1).hasSize(6).contains("node/" + master);
            System.out.printf("real machines: with node 1's control plane down, kubectl through the domain answered in "
                    + "%d ms%n", Duration.between(asked, Instant.now()).toMillis());
        } finally {
            inContainer(machine(stack, cluster, 1), master, "systemctl start kubelet");
        }
        awaitEtcdHealthy(stack, cluster, "node 1's etcd member healthy again with the other two");
    }

    private static void awaitEtcdHealthy(LocalStack stack, String cluster, String what) {
        String all = "etcdctl_at https://10.100.1.2:2379,https://10.100.2.2:2379,https://10.100.3.2:2379 ";
        Awaitility.await(what).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> etcdctl(stack, cluster, all + "endpoint health 2>&1 || true").lines()
                        .filter(l -> l.contains(" is healthy")).count() == 3);
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
    private static void containerdContainersReachEachOtherAcrossNodes(LocalStack stack, String cluster)
            throws IOException {
        String image = "kubelode.test/pod:1";
        String id = "kubelode-probe-" + System.currentTimeMillis();
        java.nio.file.Path archive = Files.createTempFile("kubelode-pod", ".tar");
        Instant start = Instant.now();
        try {
            java.nio.file.Path script = java.nio.file.Path.of(
                    java.util.Objects.requireNonNull(SagaOnRealMachinesIT.class.getResource("/pod-image.sh")).getPath());
            Internet.sh("bash " + script + " " + archive + " " + image);
            Map<Integer, String> addresses = new java.util.TreeMap<>();
            for (int n = 1; n <= 3; n++) {
                String machine = machine(stack, cluster, n);
                String worker = cluster + "-" + n + "-worker";
                Files.copy(archive, DebianHost.INSTANCES.resolve(machine).resolve("rootfs/root/pod.tar"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Internet.sh("lxc-attach -P " + DebianHost.INSTANCES + " -n " + machine + " -- lxc file push -q "
                        + "/root/pod.tar " + worker + "/root/pod.tar </dev/null");
                inContainer(machine, worker, "ctr -n k8s.io images import /root/pod.tar >/dev/null && "
                        + "ctr -n k8s.io run -d --cpu-shares 0 --cni " + image + " " + id
                        + " sh -c 'mkdir -p /www && echo node-" + n + " >/www/index.html && exec httpd -f -p 8080 -h /www'");
                String[] eth0 = inContainer(machine, worker, "ctr -n k8s.io task exec --exec-id address " + id
                        + " ip -4 -o addr show eth0").strip().split("\\s+");
                String address = eth0[3].substring(0, eth0[3].indexOf('/'));
                assertThat(address).as("node %d's container, on its worker's pod range", n).startsWith("10.101." + n + ".");
                addresses.put(n, address);
            }
            for (int n = 1; n <= 3; n++) {
                for (Map.Entry<Integer, String> other : addresses.entrySet()) {
                    if (other.getKey() == n) {
                        continue;
                    }
                    String read = inContainer(machine(stack, cluster, n), cluster + "-" + n + "-worker",
                            "ctr -n k8s.io task exec --exec-id get" + other.getKey() + " " + id + " sh -c \"printf 'GET / "
                                    + "HTTP/1.0\\r\\n\\r\\n' | nc -w 5 " + other.getValue() + " 8080 | tail -1\"");
                    assertThat(read.strip()).as("node %d's container reading node %d's at %s", n, other.getKey(),
                            other.getValue()).isEqualTo("node-" + other.getKey());
                }
            }
            System.out.printf("real machines: containerd ran a container from an offline image on every worker "
                    + "(%s), each read the other two over the mesh, in %d ms%n", addresses.values(),
                    Duration.between(start, Instant.now()).toMillis());
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    /**
     * The API server of node 2's control plane dies (its stand-in kube-apiserver, the TLS listener the
     * kubelet stand-in runs, stops with the kubelet): the HAProxy of every other container marks it DOWN
     * (HAProxy's own log line, in the container's journal) and then answers every request through
     * {@code 127.0.0.1:7443} from the two left; when it comes back, every HAProxy marks it UP again.
     */
    private static void everyHaproxyDropsADeadControlPlaneAndTakesItBack(LocalStack stack, String cluster) {
        String dead = cluster + "-2-master";
        List<String[]> others = containersBut(stack, cluster, dead);
        long since = Instant.now().getEpochSecond();
        inContainer(machine(stack, cluster, 2), dead, "systemctl stop kubelet");
        Instant stopped = Instant.now();
        for (String[] c : others) {
            Awaitility.await(c[1] + "'s HAProxy marks " + dead + " DOWN").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> haproxyLog(c, since).contains("Server kube-apiserver/" + dead + " is DOWN"));
        }
        Duration toDown = Duration.between(stopped, Instant.now());
        // its etcd member went with it: the other two keep quorum and take writes
        String two = "etcdctl_at https://10.100.1.2:2379,https://10.100.3.2:2379 ";
        assertThat(etcdctl(stack, cluster, two + "endpoint health --cluster 2>&1 || true"))
                .contains("https://10.100.2.2:2379 is unhealthy")
                .contains("https://10.100.1.2:2379 is healthy").contains("https://10.100.3.2:2379 is healthy");
        assertThat(etcdctl(stack, cluster, two + "put kubelode-quorum kept && " + two
                + "get --print-value-only kubelode-quorum")).contains("OK").contains("kept");
        for (String[] c : others) {
            // round robin over three servers: with the dead one still in, about one request in three would fail
            assertThat(inContainer(c[0], c[1], "for i in $(seq 30); do curl -fksS --max-time 5 "
                    + "https://127.0.0.1:7443/healthz 2>&1 >/dev/null && echo ok; done; true").lines())
                    .as("30 requests through %s's HAProxy, which logged %s", c[1], haproxyLog(c, since))
                    .hasSize(30).containsOnly("ok");
        }
        inContainer(machine(stack, cluster, 2), dead, "systemctl start kubelet");
        for (String[] c : others) {
            Awaitility.await(c[1] + "'s HAProxy marks " + dead + " UP").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> haproxyLog(c, since).contains("Server kube-apiserver/" + dead + " is UP"));
        }
        System.out.printf("real machines: every HAProxy dropped the dead control plane within %d ms%n",
                toDown.toMillis());
    }

    /**
     * Node 2's instance is rebooted through the Linode API, as Linode's maintenance does, and nothing
     * of kubelode is asked to act: the machine boots, LXD starts both containers, the network layer's
     * boot unit brings back the mesh and the front, the kubelets their Pods; node 2's etcd member is
     * healthy again with the other two, every other container's HAProxy takes node 2's control plane
     * back, and node 2's public address answers the API again. Cluster API calls this a remediation
     * it need not do; the time it takes is printed.
     */
    private static void aRebootedNodeComesBackWithNoCommand(LocalStack stack, String cluster) {
        String machine = machine(stack, cluster, 2);
        long id = Long.parseLong(machine.substring(PREFIX.length() + 1));
        JsonNode ipv4 = stack.sandbox().instances().stream().filter(i -> i.path("id").asLong() == id)
                .findFirst().orElseThrow().path("ipv4");
        String publicAddress = ipv4.isArray() ? ipv4.path(0).asText() : ipv4.asText();
        assertThat(publicAddress).as("node 2's public address").isNotBlank();
        String master = cluster + "-2-master";
        inContainer(machine, master, "touch /run/kubelode-before-reboot");
        long since = Instant.now().getEpochSecond();
        Instant asked = Instant.now();
        stack.sandbox().reboot(id);
        Awaitility.await("node 2's containers after its reboot").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> inContainer(machine, master, "test -e /run/kubelode-before-reboot && echo same || echo new")
                        .strip().equals("new"));
        awaitEtcdHealthy(stack, cluster, "node 2's etcd member healthy with the other two");
        for (String[] c : containersBut(stack, cluster, master)) {
            Awaitility.await(c[1] + "'s HAProxy takes " + master + " back").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> inContainer(c[0], c[1], "curl -fksS --max-time 5 https://10.100.2.2:6443/healthz")
                            .strip().equals("ok") && !haproxyDown(c, master, since));
        }
        try (Internet internet = Internet.on("klsaga0", RANGE + ".250", 24)) {
            Awaitility.await("node 2's public address answers the API").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> internet.run("curl -fksS --max-time 5 https://" + publicAddress + ":6443/healthz")
                            .strip().equals("ok"));
        }
        assertThat(inContainer(machine, master, "systemctl is-active kubelet haproxy").lines()).containsExactly("active",
                "active");
        System.out.printf("real machines: node 2 rebooted through the API and whole again after %d s, no command%n",
                Duration.between(asked, Instant.now()).toSeconds());
    }

    /** Every container of the cluster but {@code excluded}, each as its machine and its name. */
    private static List<String[]> containersBut(LocalStack stack, String cluster, String excluded) {
        List<String[]> others = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            for (String role : List.of("master", "worker")) {
                String container = cluster + "-" + n + "-" + role;
                if (!container.equals(excluded)) {
                    others.add(new String[] {machine(stack, cluster, n), container});
                }
            }
        }
        return others;
    }

    /** Whether the container's HAProxy's last word since {@code since} on {@code server} is that it is DOWN. */
    private static boolean haproxyDown(String[] machineAndContainer, String server, long since) {
        List<String> said = haproxyLog(machineAndContainer, since).lines()
                .filter(l -> l.contains("Server kube-apiserver/" + server + " is ")).toList();
        return !said.isEmpty() && said.get(said.size() - 1).contains(" is DOWN");
    }

    /**
     * {@code etcdctl_at ENDPOINTS ...} in node 1's control plane: the stand-ins' own etcdctl as kubeadm's
     * health-check client with kubelode's etcd CA (standin/etcd.sh), in a script that may call it more than once.
     */
    private static String etcdctl(LocalStack stack, String cluster, String script) {
        return inContainer(machine(stack, cluster, 1), cluster + "-1-master",
                "source /usr/lib/kubelode-standin/common.sh\nsource /usr/lib/kubelode-standin/etcd.sh\n" + script);
    }

    private static String haproxyLog(String[] machineAndContainer, long since) {
        return inContainer(machineAndContainer[0], machineAndContainer[1],
                "journalctl -u haproxy --no-pager -o cat --since @" + since);
    }

    /** The sandbox's machine of the cluster's node n (its name is the prefix and the instance id). */
    private static String machine(LocalStack stack, String cluster, int n) {
        String label = LinodeNames.instanceLabel(cluster, n);
        return PREFIX + "-" + stack.sandbox().instances().stream().filter(i -> label.equals(i.path("label").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no instance " + label)).path("id").asLong();
    }

    /** Runs a script as root in a container of a machine, through the LXD that made it. */
    private static String inContainer(String machine, String container, String script) {
        return Internet.sh("lxc-attach -P " + DebianHost.INSTANCES + " -n " + machine + " -- lxc exec " + container
                + " -- bash -c " + Internet.quote(script));
    }

    private static String awaitEnd(LocalStack stack, String id, List<String> ends) {
        String[] phase = {""};
        Awaitility.await("cluster " + id + " ends").atMost(Duration.ofMinutes(25)).pollInterval(Duration.ofSeconds(2))
                .until(() -> ends.contains(phase[0] = stack.gateway().phase(id)));
        return phase[0];
    }

    private static List<Entry> history(LocalStack stack, String id) {
        Map<String, List<Entry>> history = TopicHistory.ofCluster(TopicHistory.read(stack.bootstrapServers(), Topics.ALL),
                id);
        List<Entry> all = history.values().stream().flatMap(List::stream)
                .sorted(Comparator.comparingLong(Entry::timestamp)).toList();
        all.forEach(e -> System.out.printf("%s %s %-40s %s%n", id, Instant.ofEpochMilli(e.timestamp()), e.type(),
                e.type() != null && e.type().contains("failed") ? e.value() : ""));
        return all;
    }

    /** The failure events' values: what the CI log shows when the phase is not the expected one. */
    private static List<String> failures(List<Entry> all) {
        return all.stream().filter(e -> e.type() != null && e.type().contains("failed")).map(Entry::value).toList();
    }

    private static long count(List<Entry> all, EventType type) {
        return all.stream().filter(e -> type.type().equals(e.type())).count();
    }
}
