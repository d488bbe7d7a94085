package io.kubelode.testkit.stack;

import io.kubelode.kafka.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * kubelode running locally as in production: a real Kafka broker (kafka-local), the sandbox
 * (Linode stand-in) and every service as its own OS process on free ports, configured the way
 * {@code ./kubelode up} configures them (same system properties, same environment variables), but
 * with per-stack secrets and tokens, its own loopback range for instances, and all state and logs
 * under one work directory (default {@code target/stack-<time>}).
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.builder().start()) {
 *     String id = stack.gateway().create(spec);
 *     stack.kill(StackService.LXC);           // SIGKILL
 *     stack.restart(StackService.LXC);        // same port, same configuration
 *     stack.killBroker(); stack.restartBroker();
 *     stack.sandbox().instances();
 * }
 * }</pre>
 *
 * Every service needs its fast-jar built ({@code <module>/target/quarkus-app/quarkus-run.jar});
 * the stack never builds anything. It runs a copy of each fast-jar taken at start ({@code
 * <workDir>/apps}), so a rebuild of a module while the stack runs neither breaks a running
 * process nor changes what a restart runs. Logs: {@code <workDir>/logs/<module>.log} (appended across
 * restarts), the broker's under {@code <workDir>/kafka}. Processes left behind by a test JVM that
 * dies are killed by a shutdown hook; the broker also exits when its parent goes away.
 */
public final class LocalStack implements AutoCloseable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final Builder options;
    private final Path workDir;
    private final int kafkaPort;
    private final int controllerPort;
    private final int sshPort;
    private final String linodeToken;
    private final String gatewayToken;
    private final Map<StackService, StackProcess> processes = new EnumMap<>(StackService.class);
    /** Further processes of a service ({@link #addReplica}), in start order. */
    private final Map<StackService, List<StackProcess>> replicas = new EnumMap<>(StackService.class);
    private final Map<StackService, Integer> ports = new EnumMap<>(StackService.class);
    private final Map<StackService, Path> apps = new EnumMap<>(StackService.class);
    private Map<String, String> env = Map.of();
    private final ExecutorService starter = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-stack-start");
        t.setDaemon(true);
        return t;
    });
    private volatile LocalKafka broker;
    private volatile List<String> secrets = List.of();
    private SandboxClient sandbox;
    private GatewayClient gateway;
    private final Thread reaper = new Thread(this::killAll, "local-stack-reaper");

    private LocalStack(Builder options) {
        this.options = options;
        this.workDir = options.workDir.toAbsolutePath();
        this.kafkaPort = LocalKafka.freePort();
        this.controllerPort = LocalKafka.freePort();
        this.sshPort = LocalKafka.freePort();
        this.linodeToken = randomToken(18);
        this.gatewayToken = randomToken(24);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the broker, then every service at once, and waits until all are ready. */
    private LocalStack start() {
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            Files.createDirectories(workDir.resolve("logs"));
            Files.createDirectories(workDir.resolve("home"));
            broker = LocalKafka.start(workDir.resolve("kafka"), kafkaPort, controllerPort);
            String masterSecret = randomBase64(32);
            String sealKey = randomBase64(32);
            secrets = List.of(linodeToken, gatewayToken, masterSecret, sealKey);
            for (StackService s : options.services) {
                ports.put(s, LocalKafka.freePort());
            }
            env = Map.of(
                    "LINODE_TOKEN", linodeToken,
                    "KUBELODE_MASTER_SECRET", masterSecret,
                    "KUBELODE_K8S_SEAL_KEY", sealKey,
                    "KUBELODE_KUBECONFIG_DIR", workDir.resolve("home/kubeconfigs").toString());
            for (StackService s : options.services) {
                apps.put(s, JarSnapshot.of(options.repoRoot.resolve(s.module()), workDir.resolve("apps")));
                processes.put(s, newProcess(s, ports.get(s), s.module() + ".log"));
            }
            processes.values().forEach(StackProcess::launch);
            awaitAllReady(processes.values());
            if (processes.containsKey(StackService.SANDBOX)) {
                sandbox = new SandboxClient(processes.get(StackService.SANDBOX).url(""), linodeToken);
            }
            if (processes.containsKey(StackService.GATEWAY)) {
                gateway = new GatewayClient(processes.get(StackService.GATEWAY).url(""), gatewayToken);
            }
            return this;
        } catch (RuntimeException | java.io.IOException e) {
            close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** A process of {@code s} from the stack's copy of its jars, on {@code port}, logging to {@code logs/<log>}. */
    private StackProcess newProcess(StackService s, int port, String log) {
        return new StackProcess(s, apps.get(s), options.repoRoot.resolve(s.module()).resolve("target/quarkus-app"), port,
                props(s), env, workDir.resolve("logs").resolve(log), options.heap);
    }

    private Map<String, String> props(StackService s) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", bootstrapServers());
        // every default state file (~/.kubelode/...) lands in the stack's work directory
        p.put("user.home", workDir.resolve("home").toString());
        String linodeUrl = "http://127.0.0.1:" + ports.getOrDefault(StackService.SANDBOX, 9) + "/v4";
        switch (s) {
            case SANDBOX -> {
                p.put("kubelode.sandbox.tokens", linodeToken);
                p.put("kubelode.sandbox.network.public-ipv4-range", options.ipv4Range);
                p.put("kubelode.sandbox.network.ssh-port", String.valueOf(sshPort));
            }
            case PROVISIONER -> {
                p.put("kubelode.provisioner.linode-url", linodeUrl);
                p.put("kubelode.provisioner.ssh-port", String.valueOf(sshPort));
            }
            case DNS -> p.put("kubelode.dns.linode.url", linodeUrl);
            case GATEWAY -> p.put("kubelode.gateway.tokens", "stack-admin:" + sha256Hex(gatewayToken) + ":admin");
            default -> {
            }
        }
        p.putAll(options.props.getOrDefault(s, Map.of()));
        return p;
    }

    private void awaitAllReady(Iterable<StackProcess> which) {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (StackProcess p : which) {
            waits.add(CompletableFuture.runAsync(() -> p.awaitReady(options.readyTimeout), starter));
        }
        try {
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The process of {@code service}. */
    public StackProcess process(StackService service) {
        StackProcess p = processes.get(service);
        if (p == null) {
            throw new IllegalArgumentException(service + " is not part of this stack");
        }
        return p;
    }

    /**
     * Starts one more process of {@code service}, as a second machine running the same service would: the
     * same configuration, secrets and consumer groups, its own HTTP port and log ({@code <module>-<n>.log},
     * n from 2); waits until it is ready. {@link #close()} stops it with the others.
     */
    public StackProcess addReplica(StackService service) {
        process(service);
        StackProcess replica;
        synchronized (replicas) {
            List<StackProcess> more = replicas.computeIfAbsent(service, k -> new ArrayList<>());
            replica = newProcess(service, LocalKafka.freePort(), service.module() + "-" + (more.size() + 2) + ".log");
            more.add(replica);
        }
        replica.launch();
        replica.awaitReady(options.readyTimeout);
        return replica;
    }

    /** Every process of {@code service}: the first, then its replicas in start order. */
    public List<StackProcess> processes(StackService service) {
        List<StackProcess> all = new ArrayList<>(List.of(process(service)));
        synchronized (replicas) {
            all.addAll(replicas.getOrDefault(service, List.of()));
        }
        return all;
    }

    /** The services this stack runs. */
    public Set<StackService> services() {
        return processes.keySet();
    }

    /** SIGKILL of one service. */
    public void kill(StackService service) {
        process(service).kill();
    }

    /** Starts a killed or stopped service again with the same port and configuration; waits until ready. */
    public void restart(StackService service) {
        StackProcess p = process(service);
        if (p.alive()) {
            p.kill();
        }
        p.launch();
        p.awaitReady(options.readyTimeout);
    }

    /** Stops the first process of each of {@code which} at once (SIGTERM, as a redeploy would); returns once all are gone. */
    public void stopAll(Collection<StackService> which) {
        CompletableFuture.allOf(which.stream().map(s -> CompletableFuture.runAsync(process(s)::stop, starter))
                .toArray(CompletableFuture[]::new)).join();
    }

    /**
     * Launches the stopped processes of {@code which} at once, with their ports and configuration; waits until all
     * are ready. Returns each one's milliseconds from the launch of the first to its readiness.
     */
    public Map<StackService, Long> startAll(Collection<StackService> which) {
        List<StackProcess> ps = which.stream().map(this::process).toList();
        long t0 = System.nanoTime();
        ps.forEach(StackProcess::launch);
        Map<StackService, Long> ready = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            CompletableFuture.allOf(ps.stream().map(p -> CompletableFuture.runAsync(() -> {
                p.awaitReady(options.readyTimeout);
                ready.put(p.service(), (System.nanoTime() - t0) / 1_000_000);
            }, starter)).toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return new EnumMap<>(ready);
    }

    /** SIGKILL of the broker. */
    public void killBroker() {
        LocalKafka b = broker;
        if (b != null) {
            b.process().destroyForcibly();
            try {
                b.process().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the broker again on the same ports and data; returns once it serves. */
    public void restartBroker() {
        killBroker();
        broker = LocalKafka.start(workDir.resolve("kafka"), kafkaPort, controllerPort);
    }

    /** {@code host:port} of the broker (stable across broker restarts). */
    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public SandboxClient sandbox() {
        return sandbox;
    }

    public GatewayClient gateway() {
        return gateway;
    }

    /** The gateway's admin API token (the gateway itself only knows its SHA-256). */
    public String gatewayToken() {
        return gatewayToken;
    }

    /** The Linode token the services and the sandbox share. */
    public String linodeToken() {
        return linodeToken;
    }

    /**
     * Every secret this stack handed to its services (Linode token, gateway token, master secret,
     * seal key), e.g. to prove none of them ever appears on the bus or in a log.
     */
    public List<String> secrets() {
        return secrets;
    }

    /** The TCP port of every sandbox instance's SSH server. */
    public int sshPort() {
        return sshPort;
    }

    public Path workDir() {
        return workDir;
    }

    /** Stops every service (SIGTERM, reverse start order, all at once), then the broker. */
    @Override
    public void close() {
        List<StackService> order = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(order);
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        synchronized (replicas) {
            replicas.values().forEach(more -> more.forEach(r -> stops.add(CompletableFuture.runAsync(r::stop, starter))));
        }
        for (StackService s : order) {
            stops.add(CompletableFuture.runAsync(() -> processes.get(s).stop(), starter));
        }
        stops.forEach(f -> {
            try {
                f.join();
            } catch (CompletionException e) {
                // best effort: the reaper kills what is left
            }
        });
        if (broker != null) {
            broker.close();
        }
        starter.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is exiting already
        }
    }

    private void killAll() {
        List<StackProcess> all = new ArrayList<>(processes.values());
        synchronized (replicas) {
            replicas.values().forEach(all::addAll);
        }
        all.forEach(p -> {
            if (p.alive()) {
                p.kill();
            }
        });
        killBroker();
    }

    private static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String randomBase64(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Options of a stack; {@link #start()} starts it. */
    public static final class Builder {
        private Path repoRoot = findRepoRoot();
        private Path workDir = Path.of("target", "stack-" + LocalDateTime.now().format(STAMP));
        private String ipv4Range = "127.78.0.0/16";
        private String heap = "256m";
        private Duration readyTimeout = Duration.ofSeconds(180);
        private final Set<StackService> services = EnumSet.allOf(StackService.class);
        private final Map<StackService, Map<String, String>> props = new EnumMap<>(StackService.class);

        private Builder() {
        }

        /** The checkout whose built jars run (default: the nearest parent folder holding {@code sandbox/} and {@code kubelode}). */
        public Builder repoRoot(Path root) {
            this.repoRoot = root;
            return this;
        }

        /** Where logs, broker data and state files go (default {@code target/stack-<time>}). */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** The loopback range the sandbox hands out as public IPv4 addresses (default {@code 127.78.0.0/16}). */
        public Builder ipv4Range(String cidr) {
            this.ipv4Range = cidr;
            return this;
        }

        /** Maximum heap of each service (default {@code 256m}, as {@code ./kubelode up}). */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /** How long a (re)started service may take to report ready (default 180 s: a loaded 2-core machine). */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** Only these services (the broker always runs). */
        public Builder only(Set<StackService> which) {
            services.retainAll(which);
            return this;
        }

        /** One more system property of one service; wins over the stack's own settings. */
        public Builder prop(StackService service, String key, String value) {
            props.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        /** Starts the stack and waits until every service is ready. */
        public LocalStack start() {
            return new LocalStack(this).start();
        }

        private static Path findRepoRoot() {
            for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("sandbox")) && Files.isRegularFile(p.resolve("kubelode"))) {
                    return p;
                }
            }
            return Path.of("..").toAbsolutePath().normalize();
        }
    }
}
