package io.kubelode.provisioner.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.ProvisionerEvent;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.provisioner.linode.Backoff;
import io.kubelode.provisioner.linode.HttpLinodeApi;
import io.kubelode.provisioner.linode.RateGate;
import io.kubelode.nodeshell.ssh.ClusterKeys;
import io.kubelode.provisioner.sandbox.Sandbox;
import io.kubelode.nodeshell.ssh.Ed25519Key;
import io.kubelode.nodeshell.ssh.SshNodeShell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Time from a cluster request to the third NodeProvisioned, through the production classes
 * (Linode client over HTTP, SSH with pinned host keys, base role) against sandboxes with Linode's
 * default delays and with zero delays. Kafka is left out here; ProvisioningIT measures that path.
 */
class ProvisioningTimeIT {
    private static final byte[] SECRET = "time-it-master-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    @Test
    void threeNodesWithDefaultDelays() throws Exception {
        List<Duration> took = measure("127.81.0.0/16", Map.of());
        record("provisioner flow, sandbox default delays (2 s provisioning + 3 s boot): first cluster in the JVM "
                + took.get(0).toMillis() + " ms, second " + took.get(1).toMillis() + " ms");
        assertThat(took).allSatisfy(t -> assertThat(t).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(60)));
    }

    @Test
    void threeNodesWithZeroDelays() throws Exception {
        List<Duration> took = measure("127.82.0.0/16", Map.of("kubelode.sandbox.delays.provisioning", "0s",
                "kubelode.sandbox.delays.boot", "0s"));
        record("provisioner flow, sandbox zero delays: first cluster in the JVM " + took.get(0).toMillis()
                + " ms, second " + took.get(1).toMillis() + " ms");
        assertThat(took).allSatisfy(t -> assertThat(t).isLessThan(Duration.ofSeconds(30)));
    }

    /** The times of two clusters in a row; creates are not the bottleneck here (20 per 15 s). */
    private static List<Duration> measure(String range, Map<String, String> delays) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(8);
        Map<String, String> props = new java.util.HashMap<>(delays);
        props.put("kubelode.sandbox.rate-limit.creates", "20");
        try (Sandbox sandbox = Sandbox.start("sandbox-time-" + range.split("\\.")[1], range, 2222, props)) {
            Clock clock = Clock.systemUTC();
            HttpLinodeApi api = new HttpLinodeApi(sandbox.apiUrl(), Sandbox.TOKEN, Duration.ofSeconds(10),
                    new Backoff(Duration.ofMillis(200), Duration.ofSeconds(3), 10),
                    new RateGate(clock, 700, Duration.ofSeconds(60)), new RateGate(clock, 20, Duration.ofSeconds(16)),
                    clock);
            Provisioner provisioner = new Provisioner(new PreflightStep(api), id -> false, new InstanceStep(api),
                    new BootWait(api, Duration.ofMinutes(2), Duration.ofSeconds(2)),
                    new BaseRoleStep(t -> new SshNodeShell(t, Duration.ofSeconds(10)), Duration.ofMinutes(1),
                            Duration.ofMinutes(1)),
                    new Releaser(api), id -> ClusterKeys.derive(SECRET, id), executor, sandbox.sshPort(), "root");
            List<Instant> first = run(provisioner, "first-" + range.split("\\.")[1]);
            List<Instant> second = run(provisioner, "second-" + range.split("\\.")[1]);
            return List.of(Duration.between(first.get(0), first.get(3)), Duration.between(second.get(0), second.get(3)));
        } finally {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Start instant, then the instants of the three NodeProvisioned. */
    private static List<Instant> run(Provisioner provisioner, String clusterId) throws Exception {
        List<ProvisionerEvent> events = new CopyOnWriteArrayList<>();
        List<Instant> arrivals = new CopyOnWriteArrayList<>();
        ClusterSpec spec = new ClusterSpec("homelab", "eu-central", null, null, 3, "example.org", null,
                List.of(Ed25519Key.generate().publicKeyLine("me")), null, null, null);
        arrivals.add(Instant.now());
        provisioner.provision(clusterId, spec, e -> {
            events.add(e);
            if (e instanceof NodeProvisioned) {
                arrivals.add(Instant.now());
            }
            return CompletableFuture.completedFuture(null);
        }).toCompletableFuture().get(2, TimeUnit.MINUTES);
        assertThat(events).hasSize(3).allSatisfy(e -> assertThat(e).isInstanceOf(NodeProvisioned.class));
        return arrivals;
    }

    private static void record(String line) throws Exception {
        Files.writeString(Path.of("target", "provisioning-times.txt"), Instant.now() + " " + line + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
