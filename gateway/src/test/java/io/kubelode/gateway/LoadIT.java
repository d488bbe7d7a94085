package io.kubelode.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubelode.events.DnsEvent.DnsAddressRestored;
import io.kubelode.events.DnsEvent.DnsAddressWithdrawn;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.kafka.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A small load run on loopback: POST /clusters latency with 4 concurrent clients, and the
 * latency from the broker's acknowledgement of an event to its arrival at an SSE client.
 * Numbers go to target/load-report.txt.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class LoadIT {
    private static final int POSTS = 200;
    private static final int CLIENTS = 4;
    private static final int SSE_EVENTS = 100;

    @TestHTTPResource("/clusters")
    URI clusters;

    @Test
    void postAndSseLatencyOnLoopback() throws Exception {
        String yaml = Files.readString(Path.of("../examples/homelab.yaml"));
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 10; i++) {
            post(http, yaml, false); // warm-up: JIT, producer metadata
        }
        List<Long> postNanos = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long wall = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < POSTS / CLIENTS; i++) {
                    postNanos.add(post(http, yaml, false));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        wall = System.nanoTime() - wall;
        List<Long> dryRunNanos = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            dryRunNanos.add(post(http, yaml, true));
        }
        pool.shutdown();
        List<Long> feedNanos = feedLatency();

        String id = "load-" + UUID.randomUUID().toString().substring(0, 5) + "-aaaaa";
        ClusterRequested requested = Saga.requested(id, 3);
        List<Long> sseNanos = new ArrayList<>();
        try (Bus bus = new Bus()) {
            bus.publish(requested);
            bus.publishAll(Saga.forward(id, requested.spec()));
            await().atMost(Duration.ofSeconds(30)).until(() -> io.restassured.RestAssured.given()
                    .auth().oauth2(Api.READER).get("/clusters/" + id).path("phase").equals("Ready"));
            int backlog = 1 + Saga.forward(id, requested.spec()).size();
            try (SseClient sse = new SseClient(URI.create(clusters + "/" + id + "/events"), Api.READER,
                    String.valueOf(backlog - 1))) {
                for (int i = 0; i < SSE_EVENTS; i++) {
                    var event = i % 2 == 0 ? new DnsAddressWithdrawn(id, 2, "127.0.10.2",
                            FailureReason.NODE_UNREACHABLE)
                            : new DnsAddressRestored(id, 2, "127.0.10.2");
                    bus.publish(event);
                    long acked = System.nanoTime();
                    SseClient.Event received = sse.next(Duration.ofSeconds(10));
                    assertThat(received).as("SSE event %d", i).isNotNull();
                    assertThat(received.id()).isEqualTo(String.valueOf(backlog + i));
                    sseNanos.add(received.receivedNanos() - acked);
                }
            }
        }
        String report = String.format(Locale.ROOT, "POST /clusters (%d requests, %d concurrent clients, acks=all): "
                        + "p50 %.1f ms, p99 %.1f ms, max %.1f ms, %.0f req/s%n"
                        + "POST /clusters?dryRun=true (%d requests, one at a time, no Kafka): p50 %.1f ms, p99 %.1f ms%n"
                        + "read model alone, broker ack -> subscriber callback, no reorder window (%d events):"
                        + " p50 %.1f ms, p99 %.1f ms%n"
                        + "SSE delivery, broker ack -> client (%d events, one at a time): p50 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms (includes the reorder window %s)%n",
                postNanos.size(), CLIENTS, ms(postNanos, 50), ms(postNanos, 99), ms(postNanos, 100),
                postNanos.size() / (wall / 1e9), dryRunNanos.size(), ms(dryRunNanos, 50), ms(dryRunNanos, 99),
                feedNanos.size(), ms(feedNanos, 50), ms(feedNanos, 99), sseNanos.size(), ms(sseNanos, 50), ms(sseNanos, 99),
                ms(sseNanos, 100), org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getOptionalValue("kubelode.gateway.reorder-window", String.class).orElse("PT0.1S"));
        Files.writeString(Path.of("target", "load-report.txt"), report);
        System.err.print("kubelode gateway load run: " + report);
        assertThat(ms(postNanos, 99)).as("POST p99 ms").isLessThan(5000);
        assertThat(ms(sseNanos, 99)).as("SSE p99 ms").isLessThan(5000);
    }

    /** The same measurement against a TopicFeed in this JVM without the window: what the window adds. */
    private static List<Long> feedLatency() throws Exception {
        String id = "feed-" + UUID.randomUUID().toString().substring(0, 5) + "-aaaaa";
        io.kubelode.gateway.view.ReadModel model = new io.kubelode.gateway.view.ReadModel();
        java.util.concurrent.BlockingQueue<Long> arrivals = new java.util.concurrent.LinkedBlockingQueue<>();
        List<Long> out = new ArrayList<>();
        try (Bus bus = new Bus(); var feed = new io.kubelode.gateway.feed.TopicFeed(
                io.kubelode.kafka.SharedBroker.get().bootstrapServers(), model, Duration.ZERO).start()) {
            await().atMost(Duration.ofSeconds(60)).until(model::caughtUp);
            Runnable stop = model.subscribe(id, 0, e -> arrivals.add(System.nanoTime()));
            for (int i = 0; i < SSE_EVENTS; i++) {
                bus.publish(i == 0 ? Saga.requested(id, 3) : new DnsAddressRestored(id, 1, "127.0.10.1"));
                long acked = System.nanoTime();
                Long arrived = arrivals.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(arrived).as("feed event %d", i).isNotNull();
                out.add(arrived - acked);
            }
            stop.run();
        }
        return out;
    }

    private long post(HttpClient http, String yaml, boolean dryRun) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(dryRun ? URI.create(clusters + "?dryRun=true")
                : clusters).header("Authorization", "Bearer " + Api.ADMIN)
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - t0;
        assertThat(r.statusCode()).as(r.body()).isEqualTo(dryRun ? 200 : 202);
        return took;
    }

    private static double ms(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
    }
}
