package io.kubelode.gateway.linode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.events.spec.Preflight;
import io.kubelode.gateway.plan.LinodeCatalog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@link LinodeCatalog} over Linode API v4. Regions, types and public images need no token; the
 * token, when configured, is sent only in the {@code Authorization} header (so private images are
 * visible) and appears in no message. Answers are kept for a while: prices and capabilities change
 * rarely, and a dry run should not cost an API call each.
 */
public final class HttpLinodeCatalog implements LinodeCatalog {
    private final HttpClient http;
    private final URI base;
    private final Optional<String> authorization;
    private final Duration timeout;
    private final Duration ttl;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Cached<?>> cache = new ConcurrentHashMap<>();

    private record Cached<T>(T value, Instant until) {
    }

    public HttpLinodeCatalog(URI base, Optional<String> token, Duration timeout, Duration ttl, Clock clock) {
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
        this.authorization = token.filter(t -> !t.isBlank()).map(t -> "Bearer " + t);
        this.timeout = timeout;
        this.ttl = ttl;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Optional<Preflight.Region> region(String id) {
        return cached("region " + id, () -> get("regions/" + id).map(n -> new Preflight.Region(n.path("id").asText(),
                strings(n.path("capabilities")))));
    }

    @Override
    public Optional<Preflight.Image> image(String id) {
        // the id keeps its slash (linode/debian12), as Linode's own CLI sends it
        return cached("image " + id, () -> get("images/" + id).map(n -> new Preflight.Image(n.path("id").asText(),
                strings(n.path("capabilities")))));
    }

    @Override
    public List<Preflight.NodeType> types() {
        // the document gives GET /linode/types no page parameters: one envelope holds every type
        return cached("types", () -> {
            JsonNode page = get("linode/types").orElseThrow(() -> new Unavailable("GET " + base
                    + "linode/types answered 404", null));
            List<Preflight.NodeType> out = new ArrayList<>();
            for (JsonNode t : page.path("data")) {
                JsonNode monthly = t.path("price").path("monthly");
                out.add(new Preflight.NodeType(t.path("id").asText(), t.path("label").asText(),
                        t.path("memory").asInt(), monthly.isNumber() ? monthly.decimalValue() : null));
            }
            return List.copyOf(out);
        });
    }

    @Override
    public String source() {
        return "GET /linode/types at " + base.toString().replaceAll("/$", "");
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(String key, Supplier<T> load) {
        Cached<?> hit = cache.get(key);
        Instant now = clock.instant();
        if (hit != null && hit.until().isAfter(now)) {
            return (T) hit.value();
        }
        T value = load.get();
        cache.put(key, new Cached<>(value, now.plus(ttl)));
        return value;
    }

    private Optional<JsonNode> get(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET()
                .header("Accept", "application/json").header("User-Agent", "kubelode-gateway");
        authorization.ifPresent(a -> b.header("Authorization", a));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable("GET " + base + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("GET " + base + path + " was interrupted", e);
        }
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new Unavailable("GET " + base + path + " answered HTTP " + r.statusCode() + reasons(r.body()), null);
        }
        try {
            return Optional.of(json.readTree(r.body()));
        } catch (IOException e) {
            throw new Unavailable("GET " + base + path + " answered a body that is not JSON", e);
        }
    }

    private String reasons(String body) {
        try {
            List<String> out = new ArrayList<>();
            json.readTree(body).path("errors").forEach(e -> out.add(e.path("reason").asText()));
            return out.isEmpty() ? "" : ": " + String.join("; ", out);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
