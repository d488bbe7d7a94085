package io.kubelode.testkit.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The gateway's cluster API as an admin: create (YAML or JSON spec), read, delete. */
public final class GatewayClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;

    GatewayClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /**
     * {@code POST /clusters}; returns the new cluster's id. With an idempotency key a retried call
     * (e.g. while the gateway restarts) never creates a second cluster.
     */
    public String create(String yamlSpec, String idempotencyKey) {
        HttpRequest.Builder b = request("/clusters").header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yamlSpec));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> r = send(b.build());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("POST /clusters: " + r.statusCode() + " " + r.body());
        }
        return read(r.body()).path("id").asText();
    }

    /** {@code GET /clusters/{id}}; empty while the gateway does not know the cluster (404). */
    public Optional<JsonNode> cluster(String id) {
        HttpResponse<String> r = send(request("/clusters/" + id).GET().build());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /clusters/" + id + ": " + r.statusCode() + " " + r.body());
        }
        return Optional.of(read(r.body()));
    }

    /** The cluster's phase ({@code Pending ... Ready, RolledBack, Deleted}); "Unknown" while 404. */
    public String phase(String id) {
        return cluster(id).map(c -> c.path("phase").asText()).orElse("Unknown");
    }

    /** {@code GET /clusters/{id}/kubeconfig}: the admin kubeconfig kubelode hands out (YAML). */
    public String kubeconfig(String id) {
        HttpResponse<String> r = send(request("/clusters/" + id + "/kubeconfig")
                .setHeader("Accept", "application/yaml").GET().build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /clusters/" + id + "/kubeconfig: " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** {@code DELETE /clusters/{id}}. */
    public void delete(String id) {
        HttpResponse<String> r = send(request("/clusters/" + id).DELETE().build());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("DELETE /clusters/" + id + ": " + r.statusCode() + " " + r.body());
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
