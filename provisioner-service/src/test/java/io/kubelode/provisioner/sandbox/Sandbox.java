package io.kubelode.provisioner.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.testkit.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The sandbox (a stand-in for Linode) as its own process, and its admin API. */
public final class Sandbox implements AutoCloseable {
    public static final String TOKEN = "provisioner-it-token";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceProcess process;
    private final int sshPort;

    private Sandbox(ServiceProcess process, int sshPort) {
        this.process = process;
        this.sshPort = sshPort;
    }

    /**
     * @param range a loopback range of its own, e.g. {@code 127.79.0.0/16}
     * @param props more sandbox settings, e.g. delays and rate limits
     */
    public static Sandbox start(String name, String range, int sshPort, Map<String, String> props) {
        Map<String, String> all = new HashMap<>(props);
        all.put("kubelode.sandbox.tokens", TOKEN);
        all.put("kubelode.sandbox.network.public-ipv4-range", range);
        all.put("kubelode.sandbox.network.ssh-port", String.valueOf(sshPort));
        return new Sandbox(ServiceProcess.start(name, Path.of("../sandbox"), all, Path.of("target/sandbox-logs")),
                sshPort);
    }

    /** The Linode API base URL. */
    public URI apiUrl() {
        return process.url("/v4");
    }

    public int sshPort() {
        return sshPort;
    }

    public JsonNode stats() {
        return call("GET", "/sandbox/stats", null);
    }

    public JsonNode instances() {
        return call("GET", "/sandbox/instances", null);
    }

    public JsonNode commands(long instanceId) {
        return call("GET", "/sandbox/instances/" + instanceId + "/commands", null);
    }

    public JsonNode fault(String json) {
        return call("POST", "/sandbox/faults", json);
    }

    public void clearFaults() {
        call("DELETE", "/sandbox/faults", null);
    }

    public void reset() {
        call("POST", "/sandbox/reset", null);
    }

    private JsonNode call(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(process.url(path)).timeout(Duration.ofSeconds(10));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
            }
            return r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
