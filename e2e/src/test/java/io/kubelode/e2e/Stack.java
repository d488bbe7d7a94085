package io.kubelode.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.concurrent.TimeUnit;

/**
 * The checkout's own {@code ./kubelode} script, run as a person runs it, with its state folder
 * under {@code target/}, and plain HTTP to what it started (gateway 8080, sandbox 8090).
 */
final class Stack {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path STATE = Path.of("target/kubelode-state").toAbsolutePath();
    static final String GATEWAY = "http://127.0.0.1:8080";
    static final String SANDBOX = "http://127.0.0.1:8090";
    /** Every port {@code up} listens on: gateway, the services, the sandbox, Kafka and its controller. */
    static final List<Integer> PORTS = List.of(8080, 8081, 8082, 8083, 8084, 8085, 8086, 8090, 9092, 9093);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Stack() {
    }

    /** The result of one {@code ./kubelode} command. */
    record Run(int exit, String output, Duration took) {
    }

    /** Runs {@code ./kubelode args…}, its output (stdout and stderr) kept in {@code target/<log>}. */
    static Run kubelode(String log, Duration timeout, String... args) {
        return kubelode(STATE, Map.of(), log, timeout, args);
    }

    /** {@link #kubelode(String, Duration, String...)} with another state folder and more environment. */
    static Run kubelode(Path state, Map<String, String> env, String log, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("kubelode").toString()));
        cmd.addAll(List.of(args));
        Path out = Path.of("target", log).toAbsolutePath();
        long start = System.nanoTime();
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().put("KUBELODE_STATE", state.toString());
            // a fresh build has no class-data archives, and writing them at `down` (8 JVMs dumping at
            // once) took CI 40-90 s more beside the chaos stack; AppCdsTest and BENCHMARKS.md cover them
            pb.environment().put("KUBELODE_CDS", "off");
            // the launcher's plumbing and every layer's evidence in the sandbox's model, in minutes;
            // the same services on real machines to Ready are realhost's shared scenario (RealHostScenario)
            pb.environment().put("KUBELODE_MACHINES", "model");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("./kubelode " + String.join(" ", args) + " still running after " + timeout
                        + "; output in " + out + ":\n" + Files.readString(out));
            }
            return new Run(p.exitValue(), Files.readString(out), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String token() {
        try {
            return Files.readString(STATE.resolve("gateway.token")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode gateway(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(GATEWAY + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token());
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/yaml").method(method, HttpRequest.BodyPublishers.ofString(body));
        return send(b.build());
    }

    static JsonNode sandbox(String path) {
        return send(HttpRequest.newBuilder(URI.create(SANDBOX + path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** The sandbox's Linode API v4, with the sandbox token {@code up} configures. */
    static JsonNode linode(String path) {
        return send(HttpRequest.newBuilder(URI.create(SANDBOX + "/v4" + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer sandbox-token").GET().build());
    }

    static void sandboxDelete(String path) {
        send(HttpRequest.newBuilder(URI.create(SANDBOX + path)).timeout(Duration.ofSeconds(10)).DELETE().build());
    }

    static JsonNode sandboxPost(String path, Map<String, Object> body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(SANDBOX + path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new AssertionError(request.method() + " " + request.uri() + " → " + r.statusCode() + ": " + r.body());
            }
            return r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether anything accepts connections on 127.0.0.1:port. */
    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The pids {@code up} recorded, and whether each still runs. */
    static Map<String, Boolean> recordedProcesses() {
        Map<String, Boolean> out = new java.util.TreeMap<>();
        Path run = STATE.resolve("run");
        if (!Files.isDirectory(run)) {
            return out;
        }
        try (var files = Files.list(run)) {
            for (Path f : files.toList()) {
                long pid = Long.parseLong(Files.readString(f).strip());
                out.put(f.getFileName().toString(), ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
