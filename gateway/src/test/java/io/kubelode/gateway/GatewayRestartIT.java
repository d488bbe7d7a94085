package io.kubelode.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.gateway.auth.Tokens;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.kafka.SharedBroker;
import io.kubelode.testkit.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The built gateway as a process, killed with SIGKILL and started again: the new process shows
 * exactly the state the old one showed, streams the same history, and a retried POST with the
 * same Idempotency-Key still returns the cluster the first process created.
 */
class GatewayRestartIT {
    private static final String TOKEN = "restart-test-" + UUID.randomUUID();
    // the prod profile configures no seal key either (KUBELODE_K8S_SEAL_KEY); this one opens nothing
    private static final String SEAL_KEY = "cmVzdGFydC1pdC1vbmx5LXNlYWwta2V5LTMyLWJ5dGU=";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ServiceProcess gateway(String name) {
        // the prod profile: no token is configured there, so the test configures one (its hash)
        return ServiceProcess.start(name, Path.of("."), Map.of(
                "kafka.bootstrap.servers", SharedBroker.get().bootstrapServers(),
                "kubelode.gateway.tokens", "ops:" + Tokens.hash(TOKEN) + ":admin",
                "kubelode.gateway.seal-key", SEAL_KEY), Path.of("target", "restart-it"));
    }

    @Test
    void aKilledGatewayRestartsWithTheSameStateAndIdempotencyKeys() throws Exception {
        String yaml = Files.readString(Path.of("../examples/homelab.yaml"));
        ClusterSpec spec = SpecReader.read(yaml, true);
        String key = UUID.randomUUID().toString();
        String id;
        JsonNode before;
        List<String> historyBefore;
        try (Bus bus = new Bus()) {
            ServiceProcess first = gateway("gateway-first");
            try {
                HttpResponse<String> created = post(first, yaml, key);
                assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
                id = JSON.readTree(created.body()).path("id").asText();
                bus.publishAll(Saga.forward(id, spec));
                await().atMost(Duration.ofSeconds(30)).until(() -> "Ready".equals(get(first, "/clusters/" + id)
                        .path("phase").asText()));
                before = get(first, "/clusters/" + id);
                historyBefore = history(first, id, 1 + Saga.forward(id, spec).size());
            } finally {
                first.kill();
            }
        }
        try (ServiceProcess second = gateway("gateway-second")) {
            assertThat(get(second, "/clusters/" + id)).isEqualTo(before);
            assertThat(history(second, id, historyBefore.size())).containsExactlyElementsOf(historyBefore);
            HttpResponse<String> retried = post(second, yaml, key);
            assertThat(retried.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(retried.body()).path("id").asText()).isEqualTo(id);
            assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(get(second, "/clusters/" + id).path("events").asInt()).isEqualTo(historyBefore.size());
        }
    }

    private static HttpResponse<String> post(ServiceProcess gateway, String yaml, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(gateway.url("/clusters")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/yaml").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(yaml)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(ServiceProcess gateway, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(gateway.url(path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** The first {@code count} SSE events, as "id data" lines. */
    private static List<String> history(ServiceProcess gateway, String id, int count) throws Exception {
        List<String> out = new ArrayList<>();
        URI uri = gateway.url("/clusters/" + id + "/events");
        try (SseClient sse = new SseClient(uri, TOKEN, null)) {
            for (int i = 0; i < count; i++) {
                SseClient.Event e = sse.next(Duration.ofSeconds(20));
                assertThat(e).as("event %d", i).isNotNull();
                out.add(e.id() + " " + e.data());
            }
        }
        return out;
    }
}
