package io.kubelode.provisioner.linode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * {@link LinodeApi} over {@code java.net.http}. Resilience lives here, for every caller of the
 * token: 429 waits for {@code Retry-After}; {@code X-RateLimit-Remaining: 0} waits for
 * {@code X-RateLimit-Reset}; 408, 5xx, "Linode busy" and I/O timeouts are retried with
 * capped exponential back-off and jitter; instance creates pass one shared sliding-window
 * limiter. Other 4xx fail at once with Linode's field and reason. The token is sent only in
 * the {@code Authorization} header and never logged.
 */
public final class HttpLinodeApi implements LinodeApi {
    private static final Logger LOG = Logger.getLogger(HttpLinodeApi.class);
    private static final int PAGE_SIZE = 500;
    /** 429s are waited out separately from other retries: they say when to come back. */
    private static final int MAX_RATE_LIMITED = 50;

    private final HttpClient http;
    private final URI base;
    private final String authorization;
    private final Duration requestTimeout;
    private final Backoff backoff;
    private final RateGate requests;
    private final RateGate creates;
    private final Clock clock;
    private final ExchangeListener listener;
    private final int pageSize;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * @param base    e.g. {@code https://api.linode.com/v4}
     * @param token   a personal access token
     * @param creates the shared limiter of instance creates
     */
    public HttpLinodeApi(URI base, String token, Duration requestTimeout, Backoff backoff, RateGate requests,
                         RateGate creates, Clock clock) {
        this(base, token, requestTimeout, backoff, requests, creates, clock, PAGE_SIZE, ExchangeListener.NONE);
    }

    /**
     * @param pageSize page size of list calls (25–500)
     * @param listener sees every request and response, e.g. to validate them against the OpenAPI document in
     *                 tests; it receives secrets (token, root password, user data) and must not log them
     */
    public HttpLinodeApi(URI base, String token, Duration requestTimeout, Backoff backoff, RateGate requests,
                         RateGate creates, Clock clock, int pageSize, ExchangeListener listener) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a Linode token is required");
        }
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
        this.authorization = "Bearer " + token;
        this.requestTimeout = requestTimeout;
        this.backoff = backoff;
        this.requests = requests;
        this.creates = creates;
        this.clock = clock;
        this.pageSize = pageSize;
        this.listener = listener;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    @Override
    public Instance createInstance(InstanceCreate request) {
        return createInstance(request, () -> false);
    }

    @Override
    public Instance createInstance(InstanceCreate request, BooleanSupplier cancelled) {
        String body;
        try {
            body = json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + request, e);
        }
        String op = "create instance " + request.label();
        return read(op, send(op, post("linode/instances", body), body, cancelled), Instance.class);
    }

    @Override
    public Optional<Region> region(String id) {
        String op = "get region " + id;
        Response r = sendAllowing404(op, get("regions/" + id, null));
        return r.status == 404 ? Optional.empty() : Optional.of(read(op, r, Region.class));
    }

    @Override
    public Optional<Image> image(String id) {
        // the id keeps its slash (linode/debian12), as Linode's own CLI sends it
        String op = "get image " + id;
        Response r = sendAllowing404(op, get("images/" + id, null));
        return r.status == 404 ? Optional.empty() : Optional.of(read(op, r, Image.class));
    }

    @Override
    public Optional<Instance> getInstance(long id) {
        String op = "get instance " + id;
        Response r = sendAllowing404(op, get("linode/instances/" + id, null));
        return r.status == 404 ? Optional.empty() : Optional.of(read(op, r, Instance.class));
    }

    @Override
    public List<Instance> listInstances(Filter filter) {
        return pages("list instances", "linode/instances", filter, new TypeReference<Page<Instance>>() { });
    }

    @Override
    public boolean deleteInstance(long id) {
        String op = "delete instance " + id;
        HttpRequest.Builder req = request("linode/instances/" + id).DELETE();
        return sendAllowing404(op, req).status != 404;
    }

    @Override
    public void bootInstance(long id) {
        String op = "boot instance " + id;
        send(op, post("linode/instances/" + id + "/boot", "{}"), "{}", null);
    }

    @Override
    public List<AccountEvent> events(Filter filter) {
        return pages("list events", "account/events", filter, new TypeReference<Page<AccountEvent>>() { });
    }

    @Override
    public List<LinodeType> types() {
        // the document gives this operation no page parameters: one envelope holds every type
        String op = "list types";
        Response r = send(op, get("linode/types", null), null, null);
        try {
            return json.readValue(r.body, new TypeReference<Page<LinodeType>>() { }).data();
        } catch (IOException e) {
            throw malformed(op, r, e);
        }
    }

    /** Linode's pagination envelope. */
    record Page<T>(List<T> data, int page, int pages, int results) {
    }

    @Override
    public long newestEventId() {
        String op = "newest event";
        Response r = send(op, get("account/events?page=1&page_size=25", null), null, null);
        try {
            Page<AccountEvent> p = json.readValue(r.body, new TypeReference<Page<AccountEvent>>() { });
            return p.data().stream().mapToLong(AccountEvent::id).max().orElse(0);
        } catch (IOException e) {
            throw malformed(op, r, e);
        }
    }

    private <T> List<T> pages(String op, String path, Filter filter, TypeReference<Page<T>> type) {
        List<T> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            Response r = send(op, get(path + "?page=" + page + "&page_size=" + pageSize, filter), null, null);
            Page<T> p;
            try {
                p = json.readValue(r.body, type);
            } catch (IOException e) {
                throw malformed(op, r, e);
            }
            all.addAll(p.data());
            if (p.page() >= p.pages()) {
                return all;
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout)
                .header("Authorization", authorization).header("Accept", "application/json")
                .header("User-Agent", "kubelode-provisioner");
    }

    private HttpRequest.Builder get(String path, Filter filter) {
        HttpRequest.Builder b = request(path).GET();
        if (filter != null && !filter.isEmpty()) {
            b.header("X-Filter", filter.header());
        }
        return b;
    }

    private HttpRequest.Builder post(String path, String body) {
        return request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private record Response(int status, String body) {
    }

    private Response sendAllowing404(String op, HttpRequest.Builder req) {
        try {
            return send(op, req, null, null);
        } catch (LinodeApiException e) {
            if (e.status() == 404) {
                return new Response(404, "");
            }
            throw e;
        }
    }

    /** @param cancelled null for anything but an instance create, which passes the create limiter */
    private Response send(String op, HttpRequest.Builder builder, String body, BooleanSupplier cancelled) {
        boolean create = cancelled != null;
        HttpRequest request = builder.build();
        int failures = 0;
        int rateLimited = 0;
        LinodeApiException last = null;
        while (failures < backoff.maxAttempts() && rateLimited < MAX_RATE_LIMITED) {
            HttpResponse<String> response;
            try {
                if (create && !creates.awaitTurn(cancelled)) {
                    LOG.infof("%s: dropped while waiting for a create slot: its cluster failed", op);
                    throw new CreateCancelled(op.substring("create instance ".length()));
                }
                requests.awaitTurn();
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                failures++;
                last = new LinodeApiException(op, 0, List.of(), true, e);
                LOG.debugf("%s: attempt %d: %s", op, failures, e.toString());
                pause(op, backoff.delay(failures));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LinodeApiException(op + " (interrupted)", 0, List.of(), true, e);
            }
            listener.exchanged(request, body, response);
            observeLimits(response, create);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Response(status, response.body());
            }
            List<LinodeApiException.LinodeError> errors = errors(response.body());
            if (status == 429) {
                rateLimited++;
                Duration wait = retryAfter(response).orElse(Duration.ofSeconds(1));
                (create ? creates : requests).pauseUntil(clock.instant().plus(wait));
                LOG.infof("%s: rate limited, waiting %s", op, wait);
                last = new LinodeApiException(op, status, errors, true, null);
            } else if (isTransient(status, errors)) {
                failures++;
                last = new LinodeApiException(op, status, errors, true, null);
                Duration wait = backoff.delay(failures);
                LOG.infof("%s: HTTP %d, attempt %d, retrying in %d ms", op, status, failures, wait.toMillis());
                pause(op, wait);
            } else {
                throw new LinodeApiException(op, status, errors, false, null);
            }
        }
        throw last;
    }

    static boolean isTransient(int status, List<LinodeApiException.LinodeError> errors) {
        if (status == 408 || status >= 500) {
            return true;
        }
        return status == 400 && errors.stream().anyMatch(e -> e.reason() != null
                && e.reason().toLowerCase(Locale.ROOT).contains("linode busy"));
    }

    private void observeLimits(HttpResponse<String> response, boolean create) {
        OptionalLong remaining = header(response, "X-RateLimit-Remaining");
        OptionalLong reset = header(response, "X-RateLimit-Reset");
        if (remaining.isPresent() && remaining.getAsLong() <= 0 && reset.isPresent()) {
            Instant until = Instant.ofEpochSecond(reset.getAsLong());
            Instant cap = clock.instant().plus(Duration.ofMinutes(5));
            (create ? creates : requests).pauseUntil(until.isAfter(cap) ? cap : until);
        }
    }

    private Optional<Duration> retryAfter(HttpResponse<String> response) {
        OptionalLong seconds = header(response, "Retry-After");
        if (seconds.isPresent()) {
            return Optional.of(Duration.ofSeconds(Math.max(0, Math.min(300, seconds.getAsLong()))));
        }
        OptionalLong reset = header(response, "X-RateLimit-Reset");
        if (reset.isPresent()) {
            Duration d = Duration.between(clock.instant(), Instant.ofEpochSecond(reset.getAsLong()));
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        }
        return Optional.empty();
    }

    private static OptionalLong header(HttpResponse<?> response, String name) {
        Optional<String> v = response.headers().firstValue(name);
        try {
            return v.isPresent() ? OptionalLong.of(Long.parseLong(v.get().strip())) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private List<LinodeApiException.LinodeError> errors(String body) {
        List<LinodeApiException.LinodeError> out = new ArrayList<>();
        try {
            JsonNode node = json.readTree(body == null || body.isBlank() ? "{}" : body);
            for (JsonNode e : node.path("errors")) {
                out.add(new LinodeApiException.LinodeError(
                        e.hasNonNull("field") ? e.get("field").asText() : null, e.path("reason").asText()));
            }
        } catch (IOException e) {
            out.add(new LinodeApiException.LinodeError(null, "unreadable error body"));
        }
        return out;
    }

    private <T> T read(String op, Response r, Class<T> type) {
        try {
            return json.readValue(r.body, type);
        } catch (IOException e) {
            throw malformed(op, r, e);
        }
    }

    private static LinodeApiException malformed(String op, Response r, IOException e) {
        return new LinodeApiException(op, r.status,
                List.of(new LinodeApiException.LinodeError(null, "unreadable response body")), false, e);
    }

    private static void pause(String op, Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinodeApiException(op + " (interrupted)", 0, List.of(), true, e);
        }
    }
}
