package io.kubelode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubelode.cli.CliProcess.Result;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.kafka.LocalKafka;
import io.kubelode.kafka.SharedBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code kubelode events -f} while the gateway is killed (SIGKILL) and started again on the same
 * port: the CLI resumes with Last-Event-ID and prints every event exactly once, in order.
 */
class EventsResumeAcrossGatewayRestartIT {
    private static final String ADMIN = "resume-admin-" + UUID.randomUUID();
    private static final Path HOMELAB = Path.of("../examples/homelab.yaml").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SEAL_KEY = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));

    /**
     * The built gateway on a fixed port (testkit's ServiceProcess picks a new free port per start;
     * a restart must come back where the CLI reconnects), ready once /q/health/ready answers 200.
     */
    private static Process gateway(String name, int port) throws Exception {
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(ADMIN.getBytes(StandardCharsets.UTF_8)));
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + SharedBroker.get().bootstrapServers(),
                "-Dkubelode.gateway.tokens=resume-admin:" + hash + ":admin",
                "-Dkubelode.gateway.seal-key=" + SEAL_KEY,
                "-Dkubelode.gateway.kubeconfig-dir=" + Path.of("target", "it-kubeconfigs").toAbsolutePath(),
                "-jar", Path.of("../gateway/target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile()).start();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(p.isAlive()).as(name + " exited; see target/it-logs/" + name + ".log").isTrue();
            try {
                return HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return p;
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void eventsFollowResumesAfterTheGatewayWasKilledWithNothingLostOrDoubled() throws Exception {
        ClusterSpec spec = new ObjectMapper(new YAMLFactory()).readValue(HOMELAB.toFile(), ClusterSpec.class);
        int port = LocalKafka.freePort();
        Map<String, String> env = Map.of(Env.GATEWAY_VAR, "http://127.0.0.1:" + port, Env.TOKEN_VAR, ADMIN);
        Process first = gateway("gateway-resume-first", port);
        CliProcess follow;
        String id;
        List<KubelodeEvent> forward;
        try (Bus bus = new Bus()) {
            Result created = CliProcess.run(env, "create", "-f", HOMELAB.toString());
            assertThat(created.exit()).as(created.err()).isZero();
            Matcher m = Pattern.compile("cluster (homelab-[a-z0-9]{5}) accepted").matcher(created.out());
            assertThat(m.find()).isTrue();
            id = m.group(1);
            forward = Saga.forward(id, spec);
            follow = CliProcess.start(env, "events", "-f", id);
            bus.publishAll(forward.subList(0, 4));
            await().atMost(Duration.ofSeconds(30)).until(() -> follow.out().contains("node 1: containers"));
            kill(first);
            bus.publishAll(forward.subList(4, forward.size()));
        }
        Process second = gateway("gateway-resume-second", port);
        try {
            Result r = follow.await(60);
            assertThat(r.exit()).as(r.err()).isZero();
            List<String> lines = r.out().lines().filter(l -> l.startsWith("+")).toList();
            assertThat(lines).hasSize(1 + forward.size());
            assertThat(lines).doesNotHaveDuplicates();
            assertThat(lines.get(3)).contains("node 3: Linode 1003");
            assertThat(lines.get(4)).contains("node 1: containers " + id + "-1-master");
            assertThat(r.out()).endsWith("cluster " + id + " is Ready after " + r.out().replaceAll("(?s).*after ", ""));
            assertThat(r.err()).contains("event stream interrupted; resuming after event 4");
        } finally {
            second.destroy();
            if (!second.waitFor(15, TimeUnit.SECONDS)) {
                kill(second);
            }
        }
    }
}
