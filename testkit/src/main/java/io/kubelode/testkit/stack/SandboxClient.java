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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's admin API ({@code /sandbox/...}: instances, command records, stats, faults, reset)
 * and the few Linode API reads a test needs to prove nothing is left (domains and their records).
 */
public final class SandboxClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;

    SandboxClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Every instance: {@code id, label, status, ipv4, sshPort, sshRunning, hostKeyFingerprint}. */
    public List<JsonNode> instances() {
        return list(call("GET", "/sandbox/instances", null, false).body());
    }

    /** The instances whose label is {@code <clusterId>-<n>} (kubelode's deterministic names). */
    public List<JsonNode> instancesOf(String clusterId) {
        return instances().stream().filter(i -> i.path("label").asText().startsWith(clusterId + "-")).toList();
    }

    /** Reboots an instance through the Linode API, as Linode's maintenance would. */
    public void reboot(long instanceId) {
        call("POST", "/v4/linode/instances/" + instanceId + "/reboot", "{}", true);
    }

    /** Deletes an instance through the Linode API, behind kubelode's back (as a person in Linode's manager would). */
    public void deleteInstance(long instanceId) {
        call("DELETE", "/v4/linode/instances/" + instanceId, null, true);
    }

    public JsonNode commands(long instanceId) {
        return call("GET", "/sandbox/instances/" + instanceId + "/commands", null, false).body();
    }

    /** {@code createsAccepted, createsRefused, liveInstances, rateLimited, faultsInjected, sshCommands, requestsByStatus}. */
    public JsonNode stats() {
        return call("GET", "/sandbox/stats", null, false).body();
    }

    /** Injects a fault (see the sandbox's FaultSpec: snake_case JSON); returns the active fault with its id. */
    public JsonNode fault(Map<String, ?> spec) {
        try {
            return call("POST", "/sandbox/faults", JSON.writeValueAsString(spec), false).body();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Removes one fault by the id {@link #fault} returned. */
    public void removeFault(long id) {
        call("DELETE", "/sandbox/faults/" + id, null, false, true);
    }

    public void clearFaults() {
        call("DELETE", "/sandbox/faults", null, false);
    }

    /** Deletes every instance, domain, record, event, fault and counter. */
    public void reset() {
        call("POST", "/sandbox/reset", null, false);
    }

    /** Whether the sandbox answers {@code path} with anything but 404 (a capability probe). */
    public boolean serves(String path) {
        return call("GET", path, null, false, true).status() != 404;
    }

    /** GET of any admin path, e.g. {@code /sandbox/kube} once the sandbox serves Kubernetes APIs. */
    public JsonNode get(String path) {
        return call("GET", path, null, false).body();
    }

    /**
     * The objects (kind, namespace, name, labels) in the Kubernetes API the sandbox serves for a
     * cluster; empty when no API serves it (never initialised, or its instances are gone).
     */
    public List<JsonNode> kubeObjects(String clusterId) {
        Answer a = call("GET", "/sandbox/kube/" + clusterId + "/objects", null, false, true);
        if (a.status() == 404) {
            return List.of();
        }
        if (a.status() >= 300) {
            throw new IllegalStateException("GET /sandbox/kube/" + clusterId + "/objects: " + a.status() + " " + a.body());
        }
        return list(a.body());
    }

    /** Every domain of the Linode DNS Manager stand-in (first 500). */
    public List<JsonNode> domains() {
        return list(call("GET", "/v4/domains?page_size=500", null, true).body().path("data"));
    }

    /** The records of one domain (first 500). */
    public List<JsonNode> records(long domainId) {
        return list(call("GET", "/v4/domains/" + domainId + "/records?page_size=500", null, true).body().path("data"));
    }

    /** The records of the domain named {@code domain}; empty if there is no such domain. */
    public List<JsonNode> recordsOf(String domain) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode d : domains()) {
            if (d.path("domain").asText().equalsIgnoreCase(domain)) {
                out.addAll(records(d.path("id").asLong()));
            }
        }
        return out;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private record Answer(int status, JsonNode body) {}

    private Answer call(String method, String path, String body, boolean linodeApi) {
        return call(method, path, body, linodeApi, false);
    }

    private Answer call(String method, String path, String body, boolean linodeApi, boolean anyStatus) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (linodeApi) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300 && !anyStatus) {
                throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
            }
            JsonNode json;
            try {
                json = r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
            } catch (IOException e) {
                json = JSON.getNodeFactory().textNode(r.body());
            }
            return new Answer(r.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
