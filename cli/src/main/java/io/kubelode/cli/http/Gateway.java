package io.kubelode.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubelode.cli.CliException;
import io.kubelode.cli.Exit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The gateway's cluster API over HTTP: every non-2xx answer becomes a {@link GatewayException}. */
public final class Gateway {
    public static final String YAML = "application/yaml";
    public static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http;

    public Gateway(URI base, Optional<String> token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    public URI base() {
        return base;
    }

    /** POST /clusters (or its dry run): 202 with {id, name, phase} and Location, or 200 with the plan. */
    public Answer create(String spec, String contentType, String idempotencyKey, boolean dryRun) {
        HttpRequest.Builder r = request("/clusters" + (dryRun ? "?dryRun=true" : ""))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(spec));
        if (idempotencyKey != null) {
            r.header("Idempotency-Key", idempotencyKey);
        }
        return send(r);
    }

    /** GET /clusters. */
    public JsonNode list() {
        return json(send(request("/clusters").GET()));
    }

    /** GET /clusters/{id}. */
    public JsonNode cluster(String id) {
        return json(send(request("/clusters/" + path(id)).GET()));
    }

    /** PATCH /clusters/{id} with {"nodes": n}. */
    public Answer scale(String id, int nodes, boolean force) {
        ObjectNode body = JSON.createObjectNode().put("nodes", nodes);
        return send(request("/clusters/" + path(id) + (force ? "?force=true" : ""))
                .header("Content-Type", JSON_TYPE)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** DELETE /clusters/{id}. */
    public Answer delete(String id) {
        return send(request("/clusters/" + path(id)).DELETE());
    }

    /** GET /clusters/{id}/kubeconfig: the admin kubeconfig as YAML text. */
    public String kubeconfig(String id) {
        return send(request("/clusters/" + path(id) + "/kubeconfig").setHeader("Accept", YAML + ", application/problem+json")
                .GET()).body();
    }

    /**
     * GET /clusters/{id}/events: hands each Server-Sent Event to {@code sink} until the stream
     * ends (returns) or breaks (throws {@link UncheckedIOException}). Refusals throw
     * {@link GatewayException}; an unreachable gateway a {@link CliException} with {@link Exit#UNAVAILABLE}.
     */
    public void events(String id, String lastEventId, Consumer<SseEvent> sink) {
        HttpRequest.Builder r = request("/clusters/" + path(id) + "/events").setHeader("Accept", "text/event-stream");
        if (lastEventId != null) {
            r.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(r.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(Exit.UNAVAILABLE, "interrupted");
        }
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                throw refused(response.statusCode(), lines.collect(Collectors.joining("\n")));
            }
            SseEvent.parse(lines.iterator(), sink);
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(REQUEST_TIMEOUT)
                .header("Accept", JSON_TYPE + ", application/problem+json")
                .header("User-Agent", "kubelode-cli");
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private Answer send(HttpRequest.Builder request) {
        HttpResponse<String> r;
        try {
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(Exit.UNAVAILABLE, "interrupted");
        }
        if (r.statusCode() / 100 != 2) {
            throw refused(r.statusCode(), r.body());
        }
        return new Answer(r.statusCode(), r.headers(), r.body());
    }

    /** Turns a refusal into an exception carrying its problem details. */
    GatewayException refused(int status, String body) {
        JsonNode problem = null;
        try {
            JsonNode parsed = body == null || body.isBlank() ? null : JSON.readTree(body);
            if (parsed != null && parsed.isObject() && (parsed.has("title") || parsed.has("detail"))) {
                problem = parsed;
            }
        } catch (IOException e) {
            // not problem details: made up below from the status
        }
        if (problem == null) {
            String first = body == null ? "" : body.strip().lines().findFirst().orElse("");
            problem = JSON.createObjectNode().put("title", "HTTP " + status).put("status", status)
                    .put("detail", first.isEmpty() ? "the gateway answered " + status + " without details"
                            : first.length() > 200 ? first.substring(0, 200) + "..." : first);
        }
        return new GatewayException(status, problem, hint(status));
    }

    private String hint(int status) {
        if (status == 401) {
            return token.isEmpty()
                    ? "no token was sent: pass --token, set KUBELODE_TOKEN, or run ./kubelode up (it writes"
                    + " .kubelode/gateway.token)"
                    : "check the token (--token, KUBELODE_TOKEN or .kubelode/gateway.token) against the gateway's"
                    + " kubelode.gateway.tokens";
        }
        if (status == 403) {
            return "this needs a token with the admin role";
        }
        if (status == 503) {
            return "the gateway is starting or catching up with the event topics; retry shortly";
        }
        return null;
    }

    private CliException unreachable(IOException e) {
        String why = e instanceof ConnectException ? "connection refused"
                : e instanceof HttpTimeoutException ? "timed out" : e.toString();
        return new CliException(Exit.UNAVAILABLE, "the gateway at " + base + " is unreachable (" + why
                + "); is it running? (./kubelode up starts it; --gateway or KUBELODE_GATEWAY point elsewhere)", e);
    }

    private static JsonNode json(Answer a) {
        try {
            return JSON.readTree(a.body());
        } catch (IOException e) {
            throw new CliException(Exit.UNAVAILABLE, "the gateway answered something that is not JSON: "
                    + e.getMessage());
        }
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
