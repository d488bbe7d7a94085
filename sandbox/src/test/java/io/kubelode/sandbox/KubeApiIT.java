package io.kubelode.sandbox;

import static io.kubelode.sandbox.Sandbox.SSH_PORT;
import static io.kubelode.sandbox.Sandbox.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A three-node cluster brought up with the k8s layer's real scripts over SSH, then read and
 * written through the sandbox's Kubernetes API by a Fabric8 client that trusts only the cluster CA.
 */
@QuarkusTest
class KubeApiIT {
    private static final String CLUSTER = "ka";
    private static final int KUBE_PORT = 6443;
    /** The test's ingress host port (80 in production needs root; the behaviour is the same). */
    private static final int HOST_PORT = 18080;

    private final List<String> addresses = new ArrayList<>();
    private final List<Long> ids = new ArrayList<>();
    private final List<KeyPair> hostKeys = new ArrayList<>();
    private final KeyPair user = TestKeys.ed25519();
    private final List<Ssh.Connection> shells = new ArrayList<>();
    private Openssl.Pki pki;
    private KubernetesClient kube;

    @BeforeEach
    void clusterWithItsFirstControlPlane() throws Exception {
        Sandbox.reset();
        for (int n = 1; n <= 3; n++) {
            KeyPair host = TestKeys.ed25519();
            JsonPath created = Sandbox.create(CLUSTER + "-" + n, host, user);
            hostKeys.add(host);
            ids.add(created.getLong("id"));
            addresses.add(created.getList("ipv4", String.class).get(0));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> ids.stream().allMatch(i -> "running".equals(Sandbox.status(i))));
        for (int n = 1; n <= 3; n++) {
            shells.add(new Ssh.Connection(addresses.get(n - 1), SSH_PORT, hostKeys.get(n - 1).getPublic(), user));
        }
        for (int n = 1; n <= 3; n++) {
            ok(n, LayerScripts.baseRole());
            ok(n, LayerScripts.lxc("lxd-host.sh", CLUSTER, n));
            ok(n, LayerScripts.lxc("lxd-containers.sh", CLUSTER, n));
            ok(n, LayerScripts.prepare(master(n)));
            ok(n, LayerScripts.prepare(worker(n)));
        }
        pki = Openssl.mint(addresses.get(0));
        ok(1, LayerScripts.writePki(master(1), pki.caCrt(), pki.caKey(), pki.apiCrt(), pki.apiKey()));
        assertThat(ok(1, LayerScripts.init(master(1))).stdout().strip()).endsWith("kubelode:changed");
        assertThat(ok(1, LayerScripts.ensureToken(master(1), "abcdef", "0123456789abcdef")).stdout().strip())
                .endsWith("kubelode:changed");
        kube = client(pki.caCrt());
    }

    @AfterEach
    void closeClients() throws Exception {
        if (kube != null) {
            kube.close();
        }
        for (Ssh.Connection shell : shells) {
            try {
                shell.close();
            } catch (Exception e) {
                // the instance may be gone already
            }
        }
    }

    private void joinTheRest() throws Exception {
        for (int n = 2; n <= 3; n++) {
            ok(n, LayerScripts.writePki(master(n), pki.caCrt(), pki.caKey(), pki.apiCrt(), pki.apiKey()));
            ok(n, LayerScripts.join(master(n)));
        }
        for (int n = 1; n <= 3; n++) {
            ok(n, LayerScripts.join(worker(n)));
        }
    }

    @Test
    void everyNodeIsReadyWithOneEtcdMemberPerControlPlaneAndRerunsChangeNothing() throws Exception {
        joinTheRest();

        List<Node> nodes = kube.nodes().list().getItems();
        assertThat(nodes).extracting(n -> n.getMetadata().getName()).containsExactlyInAnyOrder(
                master(1), master(2), master(3), worker(1), worker(2), worker(3));
        assertThat(nodes).allMatch(n -> n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
        assertThat(nodes).filteredOn(n -> n.getMetadata().getLabels().containsKey("node-role.kubernetes.io/control-plane"))
                .extracting(n -> n.getMetadata().getName()).containsExactlyInAnyOrder(master(1), master(2), master(3));
        List<Pod> etcd = kube.pods().inNamespace("kube-system").withLabel("component", "etcd").list().getItems();
        assertThat(etcd).extracting(p -> p.getSpec().getNodeName())
                .containsExactlyInAnyOrder(master(1), master(2), master(3));
        assertThat(etcd).allMatch(p -> p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
        assertThat(kube.secrets().inNamespace("kube-system").withName("bootstrap-token-abcdef").get()).isNotNull();
        assertThat(ok(3, LayerScripts.joinState(worker(3))).stdout()).isEqualTo("kubelode:unchanged\tstate=joined\n");
        assertThat(ok(1, LayerScripts.init(master(1))).stdout().strip()).isEqualTo("kubelode:unchanged");
        assertThat(ok(2, LayerScripts.join(master(2))).stdout().strip()).isEqualTo("kubelode:unchanged");
        assertThat(ok(1, LayerScripts.ensureToken(master(1), "abcdef", "0123456789abcdef")).stdout().strip())
                .isEqualTo("kubelode:unchanged");
        given().get("/sandbox/kube").then().statusCode(200)
                .body("[0].clusterTag", org.hamcrest.Matchers.equalTo("kl:ka"))
                .body("[0].endpoint", org.hamcrest.Matchers.equalTo("https://" + addresses.get(0) + ":" + KUBE_PORT))
                .body("[0].nodes.size()", org.hamcrest.Matchers.equalTo(6))
                .body("[0].nodes.findAll { it.ready }.size()", org.hamcrest.Matchers.equalTo(6))
                .body("[0].etcdMembers.size()", org.hamcrest.Matchers.equalTo(3));
    }

    @Test
    void theApiPresentsTheDeliveredCertificateSoAClientOfAnotherCaIsRefused() {
        Openssl.Pki stranger = Openssl.mint(addresses.get(0));

        try (KubernetesClient other = client(stranger.caCrt())) {
            assertThatThrownBy(() -> other.nodes().list()).hasStackTraceContaining("PKIX");
        }
        assertThat(kube.nodes().list().getItems()).hasSize(1);
    }

    @Test
    void workloadsBecomeReadyAfterTheDelayUnlessANeverReadyFaultHoldsThemBack() throws Exception {
        joinTheRest();
        given().contentType("application/json").body(Map.of("type", "never-ready", "name_pattern", "default/stuck"))
                .post("/sandbox/faults").then().statusCode(201);

        kube.apps().deployments().inNamespace("default").resource(deployment("web", 2)).create();
        kube.apps().deployments().inNamespace("default").resource(deployment("stuck", 1)).create();
        kube.apps().statefulSets().inNamespace("default").resource(new StatefulSetBuilder().withNewMetadata()
                .withName("db").endMetadata().withNewSpec().withReplicas(1).withServiceName("db").withNewSelector()
                .addToMatchLabels("app", "db").endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "db")
                .endMetadata().withNewSpec().addNewContainer().withName("db").withImage("postgres").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        kube.apps().daemonSets().inNamespace("default").resource(daemonSet("ingress")).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> ready(kube.apps().deployments().inNamespace("default")
                .withName("web").get()));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            var s = kube.apps().statefulSets().inNamespace("default").withName("db").get().getStatus();
            return s != null && s.getReadyReplicas() != null && s.getReadyReplicas() == 1;
        });
        DaemonSet ingress = await().atMost(Duration.ofSeconds(10)).until(
                () -> kube.apps().daemonSets().inNamespace("default").withName("ingress").get(),
                d -> d.getStatus() != null && d.getStatus().getNumberReady() != null);
        assertThat(ingress.getStatus().getDesiredNumberScheduled()).as("workers only: control planes are tainted")
                .isEqualTo(3);
        for (String address : addresses) {
            await().atMost(Duration.ofSeconds(5)).until(() -> httpStatus(address, HOST_PORT) == 404);
        }
        assertThat(ready(kube.apps().deployments().inNamespace("default").withName("stuck").get())).isFalse();
        given().get("/sandbox/kube/kl:ka/objects").then().statusCode(200)
                .body("findAll { it.kind == 'Deployment' }.name", org.hamcrest.Matchers.containsInAnyOrder("web", "stuck"))
                .body("find { it.name == 'web' }.labels.'app.kubernetes.io/managed-by'",
                        org.hamcrest.Matchers.equalTo("kubelode"));

        given().delete("/sandbox/faults").then().statusCode(204);

        await().atMost(Duration.ofSeconds(10)).until(() -> ready(kube.apps().deployments().inNamespace("default")
                .withName("stuck").get()));

        kube.apps().daemonSets().inNamespace("default").withName("ingress").delete();

        await().atMost(Duration.ofSeconds(5)).until(() -> !listening(addresses.get(2), HOST_PORT));
    }

    @Test
    void aJoinThatFailsHalfWayIsPartialUntilResetAndItsEtcdMemberCanBeRemoved() throws Exception {
        given().contentType("application/json").body(Map.of("type", "fail-commands", "label_pattern", "ka-2",
                "command_pattern", "^join\\.sh$", "count", 1, "exit_status", 1,
                "stderr", "error execution phase control-plane-join/etcd: etcd cluster is not healthy\n"))
                .post("/sandbox/faults").then().statusCode(201);
        ok(2, LayerScripts.writePki(master(2), pki.caCrt(), pki.caKey(), pki.apiCrt(), pki.apiKey()));

        Ssh.Result failed = run(2, LayerScripts.join(master(2)));
        String state = ok(2, LayerScripts.joinState(master(2))).stdout();
        Ssh.Result again = run(2, LayerScripts.join(master(2)));
        List<String> membersBefore = members();
        Ssh.Result removed = ok(1, LayerScripts.removeMember(master(1), LayerScripts.masterAddress(2)));
        Ssh.Result removedAgain = ok(1, LayerScripts.removeMember(master(1), LayerScripts.masterAddress(2)));
        Ssh.Result reset = ok(2, LayerScripts.reset(master(2)));
        String after = ok(2, LayerScripts.joinState(master(2))).stdout();

        assertThat(failed.exit()).isEqualTo(1);
        assertThat(state).isEqualTo("kubelode:unchanged\tstate=partial\n");
        assertThat(again.exit()).isEqualTo(3);
        assertThat(again.stderr()).contains("stopped half-way: reset this node first");
        assertThat(membersBefore).containsExactly(master(1), master(2));
        assertThat(kube.nodes().withName(master(2)).get()).isNull();
        assertThat(removed.stdout().strip()).isEqualTo("kubelode:changed");
        assertThat(removedAgain.stdout().strip()).isEqualTo("kubelode:unchanged");
        assertThat(members()).containsExactly(master(1));
        assertThat(reset.stdout().strip()).isEqualTo("kubelode:changed");
        assertThat(after).isEqualTo("kubelode:unchanged\tstate=absent\n");

        ok(2, LayerScripts.writePki(master(2), pki.caCrt(), pki.caKey(), pki.apiCrt(), pki.apiKey()));
        assertThat(ok(2, LayerScripts.join(master(2))).stdout().strip()).isEqualTo("kubelode:changed");
        assertThat(kube.nodes().withName(master(2)).get()).isNotNull();
    }

    @Test
    void compensationResetsEveryContainerAndTheLastControlPlaneTakesTheApiWithIt() throws Exception {
        joinTheRest();

        for (int n = 1; n <= 3; n++) {
            assertThat(ok(n, LayerScripts.reset(worker(n))).stdout().strip()).isEqualTo("kubelode:changed");
        }
        for (int n = 3; n >= 2; n--) {
            ok(n, LayerScripts.reset(master(n)));
        }
        assertThat(kube.nodes().list().getItems()).extracting(n -> n.getMetadata().getName()).containsExactly(master(1));
        ok(1, LayerScripts.reset(master(1)));

        assertThat(listening(addresses.get(0))).isFalse();
        for (int n = 1; n <= 3; n++) {
            assertThat(ok(n, LayerScripts.joinState(master(n))).stdout()).isEqualTo("kubelode:unchanged\tstate=absent\n");
            assertThat(ok(n, LayerScripts.reset(worker(n))).stdout().strip()).isEqualTo("kubelode:unchanged");
        }
    }

    @Test
    void deletingTheClusterInstancesStopsTheApi() throws Exception {
        joinTheRest();
        assertThat(listening(addresses.get(0))).isTrue();

        for (long id : ids) {
            api().delete("/v4/linode/instances/" + id).then().statusCode(200);
        }

        assertThat(listening(addresses.get(0))).isFalse();
        given().get("/sandbox/kube").then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(0));
        given().get("/sandbox/kube/ka/objects").then().statusCode(404);
    }

    @Test
    void replacingTheInstanceThatServesTheApiKeepsTheClusterAndItsReplacementServesItOnceItsControlPlaneJoined()
            throws Exception {
        joinTheRest();

        api().delete("/v4/linode/instances/" + ids.get(0)).then().statusCode(200);

        // the cluster lives on in the control planes of nodes 2 and 3: node 1's Nodes are NotReady and its
        // dead etcd member is still listed, but no API answers at its old address
        assertThat(listening(addresses.get(0))).isFalse();
        JsonPath lost = given().get("/sandbox/kube").then().statusCode(200).extract().jsonPath();
        assertThat(lost.getList("clusterTag")).containsExactly("kl:ka");
        assertThat(lost.getList("[0].nodes.findAll { !it.ready }.name")).containsExactlyInAnyOrder(master(1), worker(1));
        assertThat(members()).containsExactly(master(1), master(2), master(3));

        // the replacement: the same label, names and addresses, a new public address
        KeyPair hostKey = TestKeys.ed25519();
        JsonPath created = Sandbox.create(CLUSTER + "-1", hostKey, user);
        long id = created.getLong("id");
        String address = created.getList("ipv4", String.class).get(0);
        assertThat(address).isNotEqualTo(addresses.get(0));
        await().atMost(Duration.ofSeconds(15)).until(() -> "running".equals(Sandbox.status(id)));
        shells.add(new Ssh.Connection(address, SSH_PORT, hostKey.getPublic(), user));
        int replaced = shells.size();
        ok(replaced, LayerScripts.baseRole());
        ok(replaced, LayerScripts.lxc("lxd-host.sh", CLUSTER, 1));
        ok(replaced, LayerScripts.lxc("lxd-containers.sh", CLUSTER, 1));
        ok(replaced, LayerScripts.prepare(master(1)));
        ok(replaced, LayerScripts.prepare(worker(1)));
        assertThat(ok(replaced, LayerScripts.joinState(master(1))).stdout()).isEqualTo("kubelode:unchanged\tstate=absent\n");

        // the k8s layer's repair: node 2's control plane is the seed, node 1's dead member goes through it
        assertThat(ok(2, LayerScripts.removeMember(master(2), LayerScripts.masterAddress(1))).stdout().strip())
                .isEqualTo("kubelode:changed");
        assertThat(members()).containsExactly(master(2), master(3));
        Openssl.Pki reissued = Openssl.reissue(pki, address);
        ok(replaced, LayerScripts.writePki(master(1), pki.caCrt(), pki.caKey(), reissued.apiCrt(), reissued.apiKey()));
        assertThat(ok(replaced, LayerScripts.join(master(1))).stdout().strip()).isEqualTo("kubelode:changed");
        assertThat(ok(replaced, LayerScripts.join(worker(1))).stdout().strip()).isEqualTo("kubelode:changed");

        assertThat(listening(address)).as("the API is served at the replacement's address").isTrue();
        try (KubernetesClient moved = client(address, pki.caCrt())) {
            List<Node> nodes = moved.nodes().list().getItems();
            assertThat(nodes).extracting(n -> n.getMetadata().getName()).containsExactlyInAnyOrder(
                    master(1), master(2), master(3), worker(1), worker(2), worker(3));
            assertThat(nodes).as("the new kubelets' registration updated the old Node objects").allMatch(n -> n
                    .getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
            List<Pod> etcd = moved.pods().inNamespace("kube-system").withLabel("component", "etcd").list().getItems();
            assertThat(etcd).extracting(p -> p.getSpec().getNodeName())
                    .containsExactlyInAnyOrder(master(1), master(2), master(3));
            assertThat(etcd).allMatch(p -> p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
            assertThat(moved.secrets().inNamespace("kube-system").withName("bootstrap-token-abcdef").get())
                    .as("the cluster's state survived the instance that ran init").isNotNull();
        }
        assertThat(members()).containsExactlyInAnyOrder(master(1), master(2), master(3));
        JsonPath served = given().get("/sandbox/kube").then().statusCode(200).extract().jsonPath();
        assertThat(served.getString("[0].endpoint")).isEqualTo("https://" + address + ":" + KUBE_PORT);
        assertThat(served.getLong("[0].instanceId")).isEqualTo(id);
    }

    private List<String> members() {
        return given().get("/sandbox/kube").then().statusCode(200).extract().jsonPath()
                .getList("[0].etcdMembers", String.class);
    }

    private static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("default")
                .addToLabels("app.kubernetes.io/managed-by", "kubelode").endMetadata().withNewSpec()
                .withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector().withNewTemplate()
                .withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec().addNewContainer().withName(name)
                .withImage("nginx").endContainer().endSpec().endTemplate().endSpec().build();
    }

    /** Like the ingress controller: on every Linux node it fits, with a host port. */
    private static DaemonSet daemonSet(String name) {
        return new DaemonSetBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector().withNewTemplate()
                .withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addToNodeSelector("kubernetes.io/os", "linux").addNewContainer().withName(name)
                .withImage("nginx").addNewPort().withContainerPort(80).withHostPort(HOST_PORT).withProtocol("TCP")
                .endPort().endContainer().endSpec().endTemplate().endSpec().build();
    }

    /** The status code an HTTP GET at address:port answers, or -1 when nothing listens. */
    private static int httpStatus(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: web\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return line == null ? -1 : Integer.parseInt(line.split(" ")[1]);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static boolean ready(Deployment d) {
        var s = d.getStatus();
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        int want = d.getSpec().getReplicas();
        return s != null && s.getObservedGeneration() != null && s.getObservedGeneration() >= generation
                && s.getReadyReplicas() != null && s.getReadyReplicas() >= want
                && s.getAvailableReplicas() != null && s.getAvailableReplicas() >= want;
    }

    private KubernetesClient client(String caPem) {
        return client(addresses.get(0), caPem);
    }

    private static KubernetesClient client(String address, String caPem) {
        Config config = Config.empty();
        config.setMasterUrl("https://" + address + ":" + KUBE_PORT);
        config.setCaCertData(Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8)));
        config.setRequestTimeout(5000);
        config.setConnectionTimeout(3000);
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static String master(int n) {
        return LayerScripts.master(CLUSTER, n);
    }

    private static String worker(int n) {
        return LayerScripts.worker(CLUSTER, n);
    }

    private Ssh.Result run(int n, String script) throws Exception {
        return shells.get(n - 1).bash(script);
    }

    private Ssh.Result ok(int n, String script) throws Exception {
        Ssh.Result r = run(n, script);
        assertThat(r.exit()).as("exit of %s: %s", script.lines().skip(1).findFirst().orElse(""), r.stderr()).isZero();
        return r;
    }

    private static boolean listening(String address) throws Exception {
        return listening(address, KUBE_PORT);
    }

    private static boolean listening(String address, int port) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }
}
