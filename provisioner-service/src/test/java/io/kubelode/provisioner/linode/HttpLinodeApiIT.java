package io.kubelode.provisioner.linode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelode.provisioner.sandbox.LinodeSpecCheck;
import io.kubelode.provisioner.sandbox.Sandbox;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Linode client against the sandbox over real HTTP, every exchange validated against the
 * official OpenAPI document.
 */
class HttpLinodeApiIT {
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBtaIDnUvUn9D7nKs9H0fjTLbVsmEWTOoGeXByBVEhwh me";
    private static Sandbox sandbox;
    private static final LinodeSpecCheck SPEC = new LinodeSpecCheck();

    @BeforeAll
    static void startSandbox() {
        LinodeSpecCheck.load();
        // creates: 5 per 2 s, so the limiter test stays short; requests: generous
        sandbox = Sandbox.start("sandbox-client-it", "127.79.0.0/16", 2222, Map.of(
                "kubelode.sandbox.delays.provisioning", "200ms",
                "kubelode.sandbox.delays.boot", "200ms",
                "kubelode.sandbox.rate-limit.creates", "5",
                "kubelode.sandbox.rate-limit.create-window", "2s"));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (!LinodeSpecCheck.available()) {
            System.err.println(LinodeSpecCheck.skipMessage());
            return;
        }
        assertThat(SPEC.violations()).as("exchanges that do not conform to the Linode OpenAPI document").isEmpty();
        assertThat(SPEC.checked()).isPositive();
    }

    @AfterEach
    void clean() {
        sandbox.reset();
    }

    private static HttpLinodeApi api(int pageSize, int createsPer2500ms) {
        Clock clock = Clock.systemUTC();
        return new HttpLinodeApi(sandbox.apiUrl(), Sandbox.TOKEN, Duration.ofSeconds(10),
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 8),
                new RateGate(clock, 10_000, Duration.ofSeconds(60)),
                new RateGate(clock, createsPer2500ms, Duration.ofMillis(2500)), clock, pageSize, SPEC);
    }

    static InstanceCreate create(String label, String... tags) {
        String userData = Base64.getEncoder().encodeToString("#cloud-config\n".getBytes());
        return new InstanceCreate("eu-central", "g6-nanode-1", "linode/debian12", label, List.of(tags), List.of(KEY),
                "Very-secret-root-pass-1", true, true, new InstanceCreate.Metadata(userData));
    }

    @Test
    void createsGetsListsByLabelAndTagAcrossPagesAndDeletes() {
        HttpLinodeApi api = api(25, 1000);
        List<Instance> made = new ArrayList<>();
        for (int i = 1; i <= 27; i++) {
            made.add(api.createInstance(create("page-" + i, "kubelode", i % 2 == 0 ? "kl:even" : "other")));
        }
        assertThat(made.get(0).status()).isEqualTo("provisioning");
        assertThat(made.get(0).privateIpv4()).hasValueSatisfying(ip -> assertThat(ip).startsWith("192.168."));
        assertThat(made.get(0).publicIpv4()).hasValueSatisfying(ip -> assertThat(ip).startsWith("127.79."));

        assertThat(api.listInstances(Filter.none())).hasSize(27);
        assertThat(api.findByLabel("page-13")).map(Instance::id).contains(made.get(12).id());
        assertThat(api.findByLabel("page-130")).isEmpty();
        assertThat(api.listByTag("kl:even")).hasSize(13)
                .allSatisfy(i -> assertThat(i.tags()).contains("kl:even"));

        assertThat(api.getInstance(made.get(0).id())).isPresent();
        assertThat(api.deleteInstance(made.get(0).id())).isTrue();
        assertThat(api.deleteInstance(made.get(0).id())).as("already gone").isFalse();
        assertThat(api.getInstance(made.get(0).id())).isEmpty();
        assertThat(api.types()).anySatisfy(t -> {
            assertThat(t.id()).isEqualTo("g6-nanode-1");
            assertThat(t.price().monthly()).isEqualTo(5.0);
        });
    }

    @Test
    void readsTheCapabilitiesOfRegionsAndImages() {
        HttpLinodeApi api = api(100, 1000);
        assertThat(api.region("eu-central")).hasValueSatisfying(r -> assertThat(r.capabilities())
                .contains("Linodes", "Metadata"));
        assertThat(api.region("us-southeast")).hasValueSatisfying(r -> assertThat(r.capabilities())
                .doesNotContain("Metadata"));
        assertThat(api.region("mars-north")).isEmpty();
        assertThat(api.image("linode/debian12")).hasValueSatisfying(i -> assertThat(i.capabilities())
                .contains("cloud-init"));
        assertThat(api.image("linode/alpine3.19")).hasValueSatisfying(i -> assertThat(i.capabilities())
                .doesNotContain("cloud-init"));
        assertThat(api.image("linode/plan9")).isEmpty();
    }

    @Test
    void aCreateWaitingForItsTurnIsDroppedOnceItsClusterFailedAndNeverSent() throws Exception {
        HttpLinodeApi api = api(100, 1);
        api.createInstance(create("queued-1", "kubelode"));
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        long t0 = System.nanoTime();
        CompletableFuture<Instance> queued = CompletableFuture.supplyAsync(() ->
                api.createInstance(create("queued-2", "kubelode"), failed::get));
        Thread.sleep(300);
        assertThat(queued).as("waits for the next slot, 2.5 s after the first create").isNotDone();
        failed.set(true);
        assertThatThrownBy(queued::join).hasCauseInstanceOf(LinodeApi.CreateCancelled.class);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("dropped at once, not when its slot came").isLessThan(1500);
        assertThat(sandbox.stats().path("createsAccepted").asInt()).isEqualTo(1);
        // the slot it did not take is the next caller's
        assertThat(api.createInstance(create("queued-3", "kubelode")).label()).isEqualTo("queued-3");
    }

    @Test
    void waitsOutLinodeBusyUntilTheInstanceCanBoot() {
        HttpLinodeApi api = api(100, 1000);
        sandbox.fault("{\"type\":\"slow-boot\",\"label_pattern\":\"busy-1\",\"delay_ms\":1500}");
        Instance i = api.createInstance(create("busy-1", "kubelode"));
        // while provisioning and booting, boot answers 400 "Linode busy." which the client retries
        api.bootInstance(i.id());
        assertThat(api.getInstance(i.id())).map(Instance::status).contains("running");
        assertThat(api.events(Filter.entity(i.id()))).extracting(AccountEvent::action).contains("linode_boot");
        JsonNode byStatus = sandbox.stats().path("requestsByStatus");
        assertThat(byStatus.path("400").asInt()).as("busy answers were retried").isPositive();
    }

    @Test
    void aTakenLabelIsReportedForAdoption() {
        HttpLinodeApi api = api(100, 1000);
        api.createInstance(create("taken-1", "kubelode"));
        assertThatThrownBy(() -> api.createInstance(create("taken-1", "kubelode")))
                .isInstanceOfSatisfying(LinodeApiException.class, e -> {
                    assertThat(e.isLabelTaken()).isTrue();
                    assertThat(e.isTransient()).isFalse();
                });
        assertThat(sandbox.stats().path("createsAccepted").asInt()).isEqualTo(1);
    }

    @Test
    void aValidationErrorFailsAtOnceWithLinodesFieldAndReason() {
        HttpLinodeApi api = api(100, 1000);
        InstanceCreate bad = new InstanceCreate("mars-north", "g6-nanode-1", "linode/debian12", "bad-1",
                List.of(), List.of(KEY), "Very-secret-root-pass-1", true, true, null);
        assertThatThrownBy(() -> api.createInstance(bad)).isInstanceOfSatisfying(LinodeApiException.class, e -> {
            assertThat(e.isTransient()).isFalse();
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.errors()).extracting(LinodeApiException.LinodeError::field).contains("region");
            assertThat(e.reason()).isEqualTo(LinodeApiException.REJECTED);
            assertThat(e.getMessage()).doesNotContain("Very-secret-root-pass-1");
        });
        assertThat(sandbox.stats().path("requestsByStatus").path("400").asInt()).as("no retry").isEqualTo(1);
    }

    @Test
    void retriesServerErrorsAndWaitsOutA429StormWithoutBreakingTheRealLimit() {
        HttpLinodeApi api = api(100, 5);
        sandbox.fault("{\"type\":\"server-errors\",\"count\":3,\"status\":503,\"path_pattern\":\"^/linode/instances\"}");
        sandbox.fault("{\"type\":\"rate-limit\",\"duration_ms\":2500,\"retry_after\":1}");
        List<CompletableFuture<Instance>> creates = IntStream.rangeClosed(1, 8)
                .mapToObj(n -> CompletableFuture.supplyAsync(() -> api.createInstance(create("storm-" + n, "kubelode"))))
                .toList();
        assertThat(creates.stream().map(CompletableFuture::join).map(Instance::label))
                .containsExactlyInAnyOrder("storm-1", "storm-2", "storm-3", "storm-4", "storm-5", "storm-6",
                        "storm-7", "storm-8");
        JsonNode stats = sandbox.stats();
        assertThat(stats.path("createsAccepted").asInt()).isEqualTo(8);
        assertThat(stats.path("rateLimited").asInt()).as("429s of the sandbox's real limiter").isZero();
        assertThat(stats.path("faultsInjected").asInt()).as("the storm and the 5xx did happen").isGreaterThan(3);
        assertThat(stats.path("requestsByStatus").path("503").asInt()).isEqualTo(3);
        assertThat(stats.path("requestsByStatus").path("429").asInt()).isPositive();
    }

    @Test
    void neverLogsTheTokenOrTheRootPassword() {
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                String text = r instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                        : String.valueOf(r.getMessage());
                logged.add(text + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(java.util.logging.Level.ALL);
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Logger ours = java.util.logging.Logger.getLogger("io.kubelode.provisioner");
        java.util.logging.Level before = ours.getLevel();
        ours.setLevel(java.util.logging.Level.ALL);
        root.addHandler(capture);
        try {
            HttpLinodeApi api = api(100, 1000);
            sandbox.fault("{\"type\":\"server-errors\",\"count\":2,\"status\":503}");
            sandbox.fault("{\"type\":\"rate-limit\",\"count\":2,\"retry_after\":1}");
            api.createInstance(create("logged-1", "kubelode"));
            assertThatThrownBy(() -> api.createInstance(create("logged-1", "kubelode")))
                    .isInstanceOf(LinodeApiException.class);
        } finally {
            root.removeHandler(capture);
            ours.setLevel(before);
        }
        assertThat(logged).as("the client logged its retries").isNotEmpty()
                .noneMatch(line -> line.contains(Sandbox.TOKEN) || line.contains("Very-secret-root-pass-1"));
    }

    @Test
    void aWrongTokenIsPermanent() {
        Clock clock = Clock.systemUTC();
        HttpLinodeApi api = new HttpLinodeApi(sandbox.apiUrl(), "not-the-token", Duration.ofSeconds(5),
                Backoff.defaults(), new RateGate(clock, 100, Duration.ofSeconds(60)),
                new RateGate(clock, 5, Duration.ofSeconds(15)), clock, 100, SPEC);
        assertThatThrownBy(() -> api.listInstances(Filter.none())).isInstanceOfSatisfying(LinodeApiException.class,
                e -> assertThat(e.reason()).isEqualTo(LinodeApiException.UNAUTHORIZED));
    }
}
