package io.kubelode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubelode.cli.CliProcess.Result;
import io.kubelode.events.FailureReason;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodeRepairFailed;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.Repair;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.support.secrets.KubeconfigStore;
import io.kubelode.support.secrets.Sealer;
import io.kubelode.testkit.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged CLI, as a process, against the built gateway, as a process, on a real broker:
 * what a person types and the exit codes scripts rely on (the quicker checks run the same code in
 * this JVM, to spare a JVM start each). The layers' events are published onto the topics by the
 * test, as the layers would.
 */
class CliAgainstGatewayIT {
    private static final String ADMIN = "cli-admin-" + UUID.randomUUID();
    private static final String READER = "cli-reader-" + UUID.randomUUID();
    private static final Path HOMELAB = Path.of("../examples/homelab.yaml").toAbsolutePath();
    private static final Pattern ACCEPTED = Pattern.compile("cluster (homelab-[a-z0-9]{5}) accepted");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The AES key the k8s layer seals kubeconfigs with and the gateway opens them with (a test key). */
    private static final String SEAL_KEY = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
    private static final Path KUBECONFIGS = Path.of("target", "it-kubeconfigs").toAbsolutePath();

    private static ServiceProcess gateway;
    /** The sandbox standing in for Linode: the gateway checks and prices every plan against it. */
    private static ServiceProcess linode;
    private static final String LINODE_TOKEN = "cli-it-linode-token";
    private static Bus bus;
    private static ClusterSpec spec;

    @BeforeAll
    static void start() throws Exception {
        spec = new ObjectMapper(new YAMLFactory()).readValue(HOMELAB.toFile(), ClusterSpec.class);
        linode = ServiceProcess.start("sandbox", Path.of("../sandbox"), Map.of("kubelode.sandbox.tokens", LINODE_TOKEN,
                "kubelode.sandbox.network.public-ipv4-range", "127.85.0.0/16",
                "kubelode.sandbox.network.ssh-port", "2222"), Path.of("target", "it-logs"));
        gateway = ServiceProcess.start("gateway", Path.of("../gateway"), Map.of(
                "kafka.bootstrap.servers", SharedBroker.get().bootstrapServers(),
                "kubelode.gateway.tokens", "cli-admin:" + sha256(ADMIN) + ":admin,cli-reader:" + sha256(READER)
                        + ":reader",
                "kubelode.gateway.seal-key", SEAL_KEY, "kubelode.gateway.kubeconfig-dir", KUBECONFIGS.toString(),
                "kubelode.gateway.linode-url", linode.url("/v4").toString(),
                "kubelode.gateway.linode-token", LINODE_TOKEN),
                Path.of("target", "it-logs"));
        bus = new Bus();
    }

    @AfterAll
    static void stop() {
        if (bus != null) {
            bus.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (linode != null) {
            linode.close();
        }
    }

    /** The gateway's URL and the admin token, through the environment as a script would pass them. */
    private static Map<String, String> admin() {
        return Map.of(Env.GATEWAY_VAR, gateway.url("").toString(), Env.TOKEN_VAR, ADMIN);
    }

    /** {@code kubelode args...} as its own process, through the launcher. */
    private static Result kubelode(String... args) {
        return CliProcess.run(admin(), args);
    }

    /**
     * {@code kubelode args...} run in this JVM ({@link Kubelode#run}) with the admin's environment
     * plus {@code env}: the same code against the same gateway, without a JVM start per call.
     */
    private static Result inJvm(Map<String, String> env, String... args) {
        Map<String, String> all = new java.util.HashMap<>(Map.of(Env.GATEWAY_VAR, gateway.url("").toString(),
                Env.STATE_VAR, "/nonexistent"));
        all.putAll(env);
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = Kubelode.run(args, new Env(all, Path.of("/")), new Io(new java.io.PrintWriter(out),
                new java.io.PrintWriter(err), false, 100, java.time.Clock.systemUTC()));
        return new Result(exit, out.toString(), err.toString());
    }

    private static Result inJvm(String... args) {
        return inJvm(Map.of(Env.TOKEN_VAR, ADMIN), args);
    }

    private static String create() {
        Result r = kubelode("create", "-f", HOMELAB.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Matcher m = ACCEPTED.matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return m.group(1);
    }

    @Test
    void dryRunPrintsThePlanAndTheMonthlyCostAndCreatesNothing() throws Exception {
        Result r = kubelode("create", "-f", HOMELAB.toString(), "--dry-run");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("(dry run: nothing was created, nothing is charged)")
                .containsPattern("homelab-[a-z0-9]{5}-1-master +master")
                .contains("POST /v4/linode/instances", "blog.dyll.in")
                .contains("Preflight: region, image and type checked against Linode\n",
                        "  memory: 3 x g6-standard-2 (4096 MiB): the apps request 1466 MiB")
                .contains("Monthly cost: 3 x g6-standard-2 at 24.00 USD = 72.00 USD/month (GET /linode/types at "
                        + linode.url("/v4") + ")");

        Result json = kubelode("create", "-f", HOMELAB.toString(), "--dry-run", "-o", "json");
        assertThat(json.exit()).isZero();
        JsonNode plan = JSON.readTree(json.out());
        assertThat(plan.path("cost").path("monthly").decimalValue()).isEqualByComparingTo("72");
        assertThat(plan.path("instances")).hasSize(3);
        String id = plan.path("clusterId").asText();
        assertThat(inJvm("get", id).exit()).as("a dry run publishes nothing").isEqualTo(Exit.NOT_FOUND);
    }

    @Test
    void aDryRunOnNanodesIsRefusedNamingTheSmallestTypeThatFitsAndItsCost() throws Exception {
        Path nanodes = Path.of("target", "nanodes.yaml").toAbsolutePath();
        java.nio.file.Files.writeString(nanodes, java.nio.file.Files.readString(HOMELAB)
                .replaceFirst("(?m)^nodeType: .*$", "nodeType: g6-nanode-1"));
        Result r = kubelode("create", "-f", nanodes.toString(), "--dry-run");
        assertThat(r.exit()).isEqualTo(Exit.USAGE);
        assertThat(r.err()).contains("error: The apps do not fit the nodes' memory (HTTP 422)",
                "g6-nanode-1 (1024 MiB) is too small",
                "the smallest type that fits is g6-standard-2 (Linode 4GB, 4096 MiB) at 24.00 USD/month each,"
                        + " 72.00 USD/month for 3",
                "- nodeType: g6-nanode-1 is too small for these apps");
    }

    @Test
    void createReturnsAnIdARetryWithTheSameKeyTheSameIdAndGetListsIt() throws Exception {
        String key = UUID.randomUUID().toString();
        Result first = kubelode("create", "-f", HOMELAB.toString(), "--idempotency-key", key);
        assertThat(first.exit()).as(first.err()).isZero();
        Matcher m = ACCEPTED.matcher(first.out());
        assertThat(m.find()).as(first.out()).isTrue();
        String id = m.group(1);

        Result retried = kubelode("create", "-f", HOMELAB.toString(), "--idempotency-key", key, "-o", "json");
        assertThat(retried.exit()).as(retried.err()).isZero();
        assertThat(JSON.readTree(retried.out()).path("id").asText()).isEqualTo(id);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Result list = inJvm("get");
            assertThat(list.exit()).isZero();
            assertThat(list.out()).startsWith("ID ").containsPattern(id + " +homelab +(Pending|Provisioning) +3 +us-east");
        });
        Result yaml = inJvm("get", id, "-o", "yaml");
        assertThat(yaml.exit()).isZero();
        assertThat(yaml.out()).contains("id: " + id, "phase: Pending");
        Result detail = inJvm("get", id);
        assertThat(detail.out()).contains("Cluster:   " + id + " (homelab)", "InstanceReady", "NODE")
                .containsPattern("\n3 +- +- +- +Unknown/Pending");
    }

    @Test
    void aBadSpecExitsTwoWithEachFieldError() throws Exception {
        Path bad = Files.createTempFile(Path.of("target").toAbsolutePath(), "bad-", ".yaml");
        Files.writeString(bad, Files.readString(HOMELAB).replace("nodes: 3", "nodes: 1")
                .replace("domain: dyll.in", "domain: not a domain"));
        Result r = kubelode("create", "-f", bad.toString());
        assertThat(r.exit()).isEqualTo(Exit.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("error: Invalid cluster spec (HTTP 400)", "- nodes: ", "- domain: ");

        Files.writeString(bad, Files.readString(HOMELAB) + "colour: blue\n");
        Result unknown = inJvm("create", "-f", bad.toString());
        assertThat(unknown.exit()).isEqualTo(Exit.USAGE);
        assertThat(unknown.err()).contains("unknown field 'colour'", "- colour: is not a field of a cluster spec");

        Result usage = inJvm("scale", "x-abcde");
        assertThat(usage.exit()).as("picocli's own usage errors").isEqualTo(Exit.USAGE);
        assertThat(usage.err()).contains("Missing required option: '--nodes=N'");
    }

    @Test
    void aWrongTokenExitsThreeAndAReaderMayNotCreate() {
        Result wrong = inJvm(Map.of(), "get", "--token", "nope");
        assertThat(wrong.exit()).isEqualTo(Exit.AUTH);
        assertThat(wrong.err()).contains("error: Unauthorized (HTTP 401)", "the API token is not known");

        Result none = inJvm(Map.of(), "get");
        assertThat(none.exit()).isEqualTo(Exit.AUTH);
        assertThat(none.err()).contains("no token was sent");

        Result reader = inJvm(Map.of(Env.TOKEN_VAR, READER), "create", "-f", HOMELAB.toString());
        assertThat(reader.exit()).isEqualTo(Exit.AUTH);
        assertThat(reader.err()).contains("error: Forbidden (HTTP 403)", "does not have the role admin");
    }

    @Test
    void theTokenFileOfKubelodeUpIsUsedWhenNoTokenIsGiven() throws Exception {
        Path state = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "state-");
        Files.writeString(state.resolve("gateway.token"), ADMIN + "\n");
        Result r = CliProcess.run(Map.of(Env.GATEWAY_VAR, gateway.url("").toString(), Env.STATE_VAR,
                state.toString()), "get");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void anUnknownIdExitsFour() {
        Result get = kubelode("get", "nosuch-abcde");
        assertThat(get.exit()).isEqualTo(Exit.NOT_FOUND);
        assertThat(get.err()).contains("error: No such cluster (HTTP 404)", "no cluster has the id 'nosuch-abcde'");
        assertThat(inJvm("events", "-f", "nosuch-abcde").exit()).isEqualTo(Exit.NOT_FOUND);
        assertThat(inJvm("delete", "nosuch-abcde").exit()).isEqualTo(Exit.NOT_FOUND);
    }

    @Test
    void anUnreachableGatewayExitsFive() {
        Result r = CliProcess.run(Map.of(Env.TOKEN_VAR, ADMIN), "get", "--gateway", "http://127.0.0.1:9");
        assertThat(r.exit()).isEqualTo(Exit.UNAVAILABLE);
        assertThat(r.err()).contains("the gateway at http://127.0.0.1:9 is unreachable");
    }

    @Test
    void eventsFollowPrintsLiveEventsAndEndsZeroOnReady() throws Exception {
        String id = create();
        CliProcess follow = CliProcess.start(admin(), "events", "-f", id);
        await().atMost(Duration.ofSeconds(20)).until(() -> follow.out().contains("requested: 3 x g6-standard-2"));
        assertThat(follow.alive()).as("still following").isTrue();
        bus.publishAll(Saga.forward(id, spec));
        Result r = follow.await(30);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("instance    node 1: Linode 1001 " + id + "-1 at 127.0.10.1 provisioned",
                "containers  node 3: containers " + id + "-3-master and " + id + "-3-worker running",
                "network     network: 3 node(s) on the mesh",
                "kubernetes  kubernetes: " + spec.kubernetesVersion() + " joined",
                "dns         dns: 7 name(s) published", "cluster " + id + " is Ready after ");
        assertThat(r.out().lines().filter(l -> l.startsWith("+"))).hasSize(1 + Saga.forward(id, spec).size());
        recorded(id, "ready", 1 + Saga.forward(id, spec).size());

        Result tty = CliProcess.runInTerminal(admin(), "events", "-f", id);
        assertThat(tty.exit()).as(tty.out()).isZero();
        String last = tty.out().replace("\r\n", "\n");
        assertThat(last).as("the frame is redrawn in place").contains("\033[11F\033[J");
        last = last.substring(last.lastIndexOf("\033[J") + 3);
        assertThat(last).startsWith(id + "  Ready  ").contains("  node 3   [####################] 6/6  done\n",
                "  dns        [####################] 3/3  done", "cluster " + id + " is Ready after ");
    }

    /** {@code events ID -o json} prints the history so far, one JSON entry per line, and ends; kept in target/. */
    private static void recorded(String id, String name, int count) throws Exception {
        Result json = kubelode("events", id, "-o", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        List<String> lines = json.out().lines().toList();
        assertThat(lines).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(JSON.readTree(lines.get(i)).path("position").asInt()).isEqualTo(i);
        }
        Files.writeString(Path.of("target", "recorded-" + name + ".jsonl"), json.out());
    }

    @Test
    void aFollowerWithoutEventsForTheStallTimeExitsSevenNamingTheLayerThatDidNotAct() {
        String id = create();
        Result r = kubelode("events", "-f", id, "--stall", "2");
        assertThat(r.exit()).isEqualTo(Exit.STALLED);
        assertThat(r.out()).contains("requested: 3 x g6-standard-2");
        assertThat(r.err()).contains("error: no event for 2 s after \"requested: 3 x g6-standard-2 in us-east\":"
                + " waiting for the instance layer (provisioner-service; see its log)");
    }

    @Test
    void eventsFollowEndsOneOnRollbackNamingTheLayerAndReason() throws Exception {
        String id = create();
        bus.publishAll(Saga.lxcFailureAndRollback(id, spec));
        Result r = kubelode("events", "-f", id);
        assertThat(r.exit()).isEqualTo(Exit.CLUSTER_FAILED);
        assertThat(r.out()).contains("containers  node 2: containers FAILED: LxdContainersFailed - lxc-start exited 1",
                "cluster " + id + " was rolled back after ",
                ": the containers layer failed on node 2: LxdContainersFailed (lxc-start exited 1)");
        recorded(id, "rollback", 1 + Saga.lxcFailureAndRollback(id, spec).size());
    }

    @Test
    void aNodeRepairIsFollowedToDegradedAndGetShowsTheReplacedNodesNewInstance() throws Exception {
        String id = create();
        bus.publishAll(Saga.forward(id, spec));
        await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(inJvm("get", id, "-o", "json").out())
                .path("phase").asText().equals("Ready"));
        bus.publishAll(List.of(new NodeRepairStarted(id, 2, Repair.REPLACE, 1002,
                "linode_delete finished (event 90211)")));
        // events -f arms at the history known when it starts: once the gateway folded the repair's start
        await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(inJvm("get", id, "-o", "json").out())
                .path("phase").asText().equals("Repairing"));
        Result repairing = inJvm("get", id);
        assertThat(repairing.out()).contains("Phase:     Repairing", "Repair:    node 2 is being replaced (Linode 1002"
                + " at 127.0.10.2: linode_delete finished (event 90211)) (since ");
        CliProcess follow = CliProcess.start(admin(), "events", "-f", id);
        await().atMost(Duration.ofSeconds(20)).until(() -> follow.out().contains("repair started"));
        assertThat(follow.alive()).as("a repair under way is followed on").isTrue();
        bus.publishAll(List.of(new NodeProvisioned(id, 2, id + "-2", 2002, spec.region(), "127.0.20.2",
                "192.168.130.2", 22, "SHA256:new2"), new NodeRepairFailed(id, 2, Repair.REPLACE,
                FailureReason.LXD_CONTAINERS_FAILED, "lxc-start exited 1")));
        Result r = follow.await(30);
        assertThat(r.exit()).as(r.err()).isEqualTo(Exit.CLUSTER_FAILED);
        assertThat(r.out()).contains("instance    node 2: repair started - REPLACE of Linode 1002, cause: linode_delete"
                + " finished (event 90211)", "instance    node 2: Linode 2002 " + id + "-2 at 127.0.20.2 provisioned",
                "instance    node 2: repair FAILED - REPLACE: LxdContainersFailed - lxc-start exited 1; a person is"
                        + " needed",
                "cluster " + id + " is Degraded: repair of node 2 (REPLACE) failed: LxdContainersFailed (lxc-start"
                        + " exited 1); the cluster serves on its other nodes, a person is needed");

        Result got = inJvm("get", id);
        assertThat(got.exit()).as(got.err()).isZero();
        assertThat(got.out()).contains("Phase:     Degraded",
                "Repair:    repair of node 2 (REPLACE) failed: LxdContainersFailed - lxc-start exited 1; the cluster"
                        + " serves on its other nodes, a person is needed (",
                "node 2 ContainersReady: LxdContainersFailed - repair failed: lxc-start exited 1")
                .containsPattern("\nNodeRepaired +False +LxdContainersFailed +repair of node 2 \\(REPLACE\\) failed");
        assertThat(got.out().lines().filter(l -> l.startsWith("2 ")).toList()).singleElement().asString()
                .contains(id + "-2", "2002", "127.0.20.2").doesNotContain("127.0.10.2");
        // READY counts the layers: instance True again, containers False, the others Unknown (Degraded)
        assertThat(inJvm("get").out()).containsPattern(id + " +homelab +Degraded +3 +us-east +1/6 ");
        recorded(id, "repair-degraded", 1 + Saga.forward(id, spec).size() + 3);
    }

    @Test
    void createWatchFollowsToReadyAndScaleAndDeleteAreAccepted() throws Exception {
        CliProcess watch = CliProcess.start(admin(), "create", "-f", HOMELAB.toString(), "--watch");
        await().atMost(Duration.ofSeconds(20)).until(() -> ACCEPTED.matcher(watch.out()).find());
        Matcher m = ACCEPTED.matcher(watch.out());
        assertThat(m.find()).isTrue();
        String id = m.group(1);
        Result early = inJvm("scale", id, "--nodes", "4");
        assertThat(early.exit()).as("not Ready yet: " + early.err()).isEqualTo(Exit.CONFLICT);
        assertThat(early.err()).contains("Cluster not Ready (HTTP 409)");
        Result kubeconfigEarly = inJvm("kubeconfig", id);
        assertThat(kubeconfigEarly.exit()).as("none before the join: " + kubeconfigEarly.err())
                .isEqualTo(Exit.NOT_FOUND);

        bus.publishAll(Saga.forward(id, spec));
        Result watched = watch.await(30);
        assertThat(watched.exit()).as(watched.err()).isZero();
        assertThat(watched.out()).contains("cluster " + id + " is Ready after ", "LAYER       STATE  TOOK\n",
                "Cluster:   " + id + " (homelab)", "Addresses: containers 10.",
                "  node 2: " + id + "-2-master, " + id + "-2-worker unprivileged, SELinux disabled", "https://jupyter.dyll.in/",
                "Dashboard: " + gateway.url("") + "/#/clusters/" + id);

        // the k8s layer hands the admin kubeconfig over sealed, in the directory it shares with the gateway
        String kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- name: " + id + "\n  cluster:\n"
                + "    server: https://127.0.10.1:6443\n";
        new KubeconfigStore(KUBECONFIGS, Sealer.ofBase64(SEAL_KEY, new SecureRandom())).save(id, kubeconfig);
        Result served = kubelode("kubeconfig", id);
        assertThat(served.exit()).as(served.err()).isZero();
        // the person's copy dials the spec's domain (every node's address), not node 1's address
        assertThat(served.out()).isEqualTo(kubeconfig.replace("https://127.0.10.1:6443", "https://dyll.in:6443"));
        Result readerKubeconfig = inJvm(Map.of(Env.TOKEN_VAR, READER), "kubeconfig", id);
        assertThat(readerKubeconfig.exit()).isEqualTo(Exit.AUTH);

        Result scaled = inJvm("scale", id, "--nodes", "4", "-o", "json");
        assertThat(scaled.exit()).as(scaled.err()).isZero();
        assertThat(JSON.readTree(scaled.out()).path("nodes").asInt()).isEqualTo(4);

        // events -f arms at the history known when it starts: wait until the gateway folded the scale request
        await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(inJvm("get", id, "-o", "json").out())
                .path("phase").asText().equals("Provisioning"));
        CliProcess scaleWatch = CliProcess.start(admin(), "events", "-f", id);
        await().atMost(Duration.ofSeconds(20)).until(() -> scaleWatch.out().contains("scale requested: 3 -> 4 nodes"));
        assertThat(scaleWatch.alive()).as("a Ready cluster being scaled is followed on").isTrue();
        ClusterSpec four = spec.withNodes(4);
        bus.publishAll(Saga.forward(id, four).stream()
                .filter(e -> !(e instanceof io.kubelode.events.ProvisionerEvent.NodeProvisioned p) || p.node() == 4)
                .filter(e -> !(e instanceof io.kubelode.events.LxcEvent.LxcReady l) || l.node() == 4).toList());
        Result afterScale = scaleWatch.await(30);
        assertThat(afterScale.exit()).as(afterScale.err()).isZero();
        assertThat(afterScale.out()).contains("node 4: Linode 1004", "is Ready after ");

        CliProcess deleting = CliProcess.start(admin(), "delete", id, "--wait");
        await().atMost(Duration.ofSeconds(20)).until(() -> deleting.out().contains("is being deleted"));
        await().atMost(Duration.ofSeconds(20)).until(() -> deleting.out().contains("delete requested"));
        bus.publishAll(Saga.teardown(id));
        Result deleted = deleting.await(30);
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("instance    instance: released (delete)", "cluster " + id + " is Deleted");
        assertThat(inJvm("get", id).out()).contains("Phase:     Deleted");
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
