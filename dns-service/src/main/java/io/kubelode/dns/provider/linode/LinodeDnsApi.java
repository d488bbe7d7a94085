package io.kubelode.dns.provider.linode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.dns.provider.DnsProviderException;
import io.kubelode.events.FailureReason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Linode API v4 domains endpoints kubelode uses, over HTTP with the bearer token. Failures are
 * classified: 408, 429 and 5xx (and I/O errors) are transient, honouring Retry-After; other 4xx are
 * permanent and carry Linode's {@code errors[].reason}.
 */
public final class LinodeDnsApi {
    private static final int PAGE_SIZE = 500;

    private final LinodeSettings settings;
    private final ExchangeListener listener;
    private volatile HttpClient http;

    public LinodeDnsApi(LinodeSettings settings, ExchangeListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * The mapper and the HTTP client are made at the first call, not at start-up: the provider is
     * built while the service starts, and the two took a tenth of a second of its main thread.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private HttpClient http() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                c = http;
                if (c == null) {
                    c = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
                    http = c;
                }
            }
        }
        return c;
    }

    public List<LinodeDomain> domains(Optional<String> domainFilter) {
        String filter = domainFilter.map(d -> json(Map.of("domain", d))).orElse(null);
        return pages("/domains", filter, new TypeReference<List<LinodeDomain>>() { });
    }

    public LinodeDomain createDomain(LinodeDomain domain) {
        return read(call("POST", "/domains", json(domain), null), LinodeDomain.class);
    }

    public void deleteDomain(long id) {
        call("DELETE", "/domains/" + id, null, null);
    }

    public List<LinodeRecord> records(long domainId) {
        return pages("/domains/" + domainId + "/records", null, new TypeReference<List<LinodeRecord>>() { });
    }

    public LinodeRecord createRecord(long domainId, LinodeRecord record) {
        return read(call("POST", "/domains/" + domainId + "/records", json(record), null), LinodeRecord.class);
    }

    public LinodeRecord updateRecord(long domainId, long recordId, LinodeRecord record) {
        return read(call("PUT", "/domains/" + domainId + "/records/" + recordId, json(record), null),
                LinodeRecord.class);
    }

    public void deleteRecord(long domainId, long recordId) {
        call("DELETE", "/domains/" + domainId + "/records/" + recordId, null, null);
    }

    private <T> List<T> pages(String path, String filter, TypeReference<List<T>> type) {
        List<T> out = new ArrayList<>();
        int pages = 1;
        for (int page = 1; page <= pages; page++) {
            JsonNode body = tree(call("GET", path + "?page=" + page + "&page_size=" + PAGE_SIZE, null, filter));
            pages = Math.max(1, body.path("pages").asInt(1));
            out.addAll(Json.MAPPER.convertValue(body.path("data"), type));
        }
        return out;
    }

    private String call(String method, String path, String body, String filter) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.url() + path))
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + settings.token())
                .header("Accept", "application/json");
        if (filter != null) {
            b.header("X-Filter", filter);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r;
        HttpRequest request = b.build();
        try {
            r = http().send(request, HttpResponse.BodyHandlers.ofString());
            listener.exchanged(request, body, r);
        } catch (IOException e) {
            throw new DnsProviderException(FailureReason.LINODE_UNREACHABLE,
                    method + " " + path + " failed: " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnsProviderException(FailureReason.LINODE_UNREACHABLE, method + " " + path + " interrupted",
                    true, e);
        }
        if (r.statusCode() / 100 == 2) {
            return r.body();
        }
        throw failure(method, path, r);
    }

    private static DnsProviderException failure(String method, String path, HttpResponse<String> r) {
        int s = r.statusCode();
        String reasons = errorReasons(r.body());
        String message = method + " " + path + " answered " + s + (reasons.isEmpty() ? "" : ": " + reasons);
        if (s == 408 || s == 429 || s >= 500) {
            Optional<Duration> after = r.headers().firstValue("Retry-After").flatMap(LinodeDnsApi::seconds);
            FailureReason reason = s == 429 ? FailureReason.LINODE_RATE_LIMITED : FailureReason.LINODE_UNAVAILABLE;
            return new DnsProviderException(reason, message, true, null, after.orElse(null));
        }
        FailureReason reason = switch (s) {
            case 401, 403 -> FailureReason.LINODE_UNAUTHORIZED;
            case 404 -> FailureReason.LINODE_NOT_FOUND;
            default -> FailureReason.LINODE_REJECTED;
        };
        return new DnsProviderException(reason, message, false);
    }

    private static Optional<Duration> seconds(String v) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String errorReasons(String body) {
        try {
            List<String> out = new ArrayList<>();
            Json.MAPPER.readTree(body).path("errors").forEach(e -> out.add(
                    (e.hasNonNull("field") ? e.get("field").asText() + ": " : "") + e.path("reason").asText()));
            return String.join("; ", out);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String json(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode tree(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new DnsProviderException(FailureReason.LINODE_ANSWER_UNREADABLE,
                    "unreadable answer: " + e.getOriginalMessage(), false, e);
        }
    }

    private static <T> T read(String body, Class<T> type) {
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new DnsProviderException(FailureReason.LINODE_ANSWER_UNREADABLE,
                    "unreadable answer: " + e.getOriginalMessage(), false, e);
        }
    }

}
