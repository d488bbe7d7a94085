package io.kubelode.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Kafka broker (KRaft, one node) in a child JVM, started from Maven Central's jars.
 * The child exits when this JVM does, however this JVM ends.
 */
public final class LocalKafka implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final String bootstrapServers;
    private final Path dataDir;
    private final Duration startTime;

    private LocalKafka(Process process, String bootstrapServers, Path dataDir, Duration startTime) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.startTime = startTime;
    }

    /** Starts a broker on free loopback ports with its data in {@code dataDir}. */
    public static LocalKafka start(Path dataDir) {
        return start(dataDir, freePort(), freePort());
    }

    /** Starts a broker on the given ports with its data in {@code dataDir}; returns once topics exist. */
    public static LocalKafka start(Path dataDir, int port, int controllerPort) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            // C1 only, as the services: ready in about 4 s on 5 CPU-seconds instead of 5.5 s on 9
            List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-cp", childClasspath(), BrokerMain.class.getName(), "--data", dataDir.toString(),
                    "--port", String.valueOf(port), "--controller-port", String.valueOf(controllerPort),
                    "--exit-on-stdin-eof"));
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String bootstrap = awaitReady(process, dataDir);
            return new LocalKafka(process, bootstrap, dataDir, Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the local Kafka broker", e);
        }
    }

    private static String awaitReady(Process process, Path dataDir) {
        CompletableFuture<String> ready = new CompletableFuture<>();
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> pump(process.getInputStream(), dataDir, tail, ready), "kafka-local-out");
        reader.setDaemon(true);
        reader.start();
        process.onExit().thenRun(() -> ready.completeExceptionally(
                new IllegalStateException("the broker exited with " + process.exitValue() + " before it was ready")));
        try {
            return ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while the broker started", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            synchronized (tail) {
                throw new IllegalStateException("the local Kafka broker did not start (" + e.getMessage()
                        + "); its last output: " + String.join("\n", tail) + "; its log: "
                        + dataDir.resolve("broker.log"), e);
            }
        }
    }

    private static void pump(InputStream in, Path dataDir, Deque<String> tail, CompletableFuture<String> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(dataDir.resolve("broker.out"), StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith(BrokerMain.READY + " ")) {
                    ready.complete(line.substring(BrokerMain.READY.length() + 1).trim());
                }
                out.write(line);
                out.newLine();
                out.flush();
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 40) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the broker keeps its data and logs ({@code broker.log}, {@code broker.out}). */
    public Path dataDir() {
        return dataDir;
    }

    /** From the call to start until the topics existed. */
    public Duration startTime() {
        return startTime;
    }

    /** The broker's process, e.g. to kill it in a crash test. */
    public Process process() {
        return process;
    }

    /** Stops the broker: closes its standard input (it shuts down cleanly), then kills it after 30 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * A TCP port free on loopback at the time of the call, and never one this JVM handed out before:
     * the kernel may offer a just-closed ephemeral port again, and a broker's two listeners on one port
     * do not start (a CI run failed so).
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0)) {
                s.setReuseAddress(true);
                int port = s.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no loopback port this JVM has not handed out already after 100 tries");
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The broker jars (absolute paths recorded at build time) plus this module's classes. */
    static String childClasspath() throws IOException {
        try (InputStream in = LocalKafka.class.getResourceAsStream("broker.classpath")) {
            if (in == null) {
                throw new IllegalStateException("broker.classpath is missing: build kafka-local with Maven");
            }
            String jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String self = Path.of(LocalKafka.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
            return self + java.io.File.pathSeparator + jars;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
