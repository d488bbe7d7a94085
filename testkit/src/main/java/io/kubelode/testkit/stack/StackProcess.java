package io.kubelode.testkit.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of a {@link LocalStack} as its own OS process, with a FIXED port and a fixed
 * configuration, so that it can be killed and started again exactly as it was (the other
 * services keep pointing at the same URL). Unlike {@link io.kubelode.testkit.ServiceProcess} it
 * takes environment variables (the secrets {@code ./kubelode up} passes that way) and appends to
 * its log across restarts, with a marker line per start.
 */
public final class StackProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final StackService service;
    private final Path app;
    private final Path source;
    private final int port;
    private final Map<String, String> props;
    private final Map<String, String> env;
    private final Path log;
    private final String heap;
    private volatile Process process;
    private volatile int starts;

    /**
     * @param app    the service's {@code quarkus-app} folder (a {@link JarSnapshot})
     * @param source the module's own {@code target/quarkus-app}, where {@code ./kubelode} writes a class-data archive
     */
    StackProcess(StackService service, Path app, Path source, int port, Map<String, String> props, Map<String, String> env,
                 Path log, String heap) {
        this.service = service;
        this.app = app;
        this.source = source;
        this.port = port;
        this.props = Map.copyOf(props);
        this.env = Map.copyOf(env);
        this.log = log;
        this.heap = heap;
    }

    /** Launches the process (does not wait for readiness; see {@link #awaitReady(Duration)}). */
    synchronized void launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(service + " is already running (pid " + process.pid() + ")");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port));
        cmd.addAll(AppCds.jvmOptions(app, source));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        // relative to the folder that holds quarkus-app, as the class-data archive was written
        cmd.add("-jar");
        cmd.add("quarkus-app/quarkus-run.jar");
        try {
            Files.createDirectories(log.getParent());
            starts++;
            Files.writeString(log, "==== kubelode stack: start #" + starts + " of " + service.module() + " at "
                    + Instant.now() + " on port " + port + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(app.getParent().toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + service.module(), e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200, or fails with the tail of the log. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50;
        Process p = process;
        while (System.nanoTime() < deadline) {
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException(service.module() + " exited"
                        + (p == null ? "" : " with " + p.exitValue()) + ": " + logTail(40));
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(url("/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                // HTTP readiness has no push signal: poll, backing off from 50 ms to 500 ms
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause = Math.min(500, pause * 2);
        }
        throw new IllegalStateException(service.module() + " not ready after " + timeout + ": " + logTail(40));
    }

    /** SIGKILL, as a crash would; returns once the process is gone. */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        waitGone(p, 20);
    }

    /** SIGTERM, then SIGKILL after 15 s. */
    public void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        if (!waitGone(p, 15)) {
            kill();
        }
    }

    private static boolean waitGone(Process p, int seconds) {
        try {
            return p.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public StackService service() {
        return service;
    }

    /** The OS process id of the current run, -1 before the first start. */
    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** How many times the process was started. */
    public int starts() {
        return starts;
    }

    public int port() {
        return port;
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public Path log() {
        return log;
    }

    /** The last {@code lines} lines of the log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
