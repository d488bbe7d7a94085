package io.kubelode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubelode.kafka.LocalKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker-compose.yml} as a deployment, without a Docker engine (none runs here): Debian's
 * {@code docker-compose config} validates it and resolves it with the secrets a person exports, and
 * every kubelode service it declares then starts from its built Quarkus app as the image would run
 * it, with exactly what the file declares: the environment (plus the image's {@code PATH}), the user
 * (uid 185, which has no passwd entry), its named volumes at their paths (owned by 185, as the init
 * container leaves them), {@code /tmp} a tmpfs, and nothing else writable. {@code kafka} resolves to
 * a real broker on loopback at the declared {@code kafka:9092} (a private {@code /etc/hosts} per
 * process). Every service must become ready, the gateway must take a token the file's
 * {@code KUBELODE_GATEWAY_TOKENS} names, and afterwards no file of uid 185 may exist outside its
 * volumes. Runs as root (mount namespaces, {@code setpriv}); its ports are the services' defaults.
 */
class ComposeIT {
    private static final Path COMPOSE = Stack.ROOT.resolve("docker-compose.yml");
    private static final int UID = 185;
    /** The services the file declares and the port each listens on by default (its application.properties). */
    private static final Map<String, Integer> SERVICES = Map.of("gateway", 8080, "provisioner-service", 8081,
            "lxc-service", 8082, "network-service", 8083, "k8s-service", 8084, "apps-service", 8085,
            "dns-service", 8086);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyServiceStartsWithExactlyWhatTheComposeFileDeclaresAndWritesOnlyItsVolumes(@TempDir Path dir)
            throws Exception {
        assertThat(new ProcessBuilder("id", "-u").start().inputReader().readLine()).as("ComposeIT runs as root")
                .isEqualTo("0");
        SecureRandom random = new SecureRandom();
        byte[] tokenBytes = new byte[16];
        random.nextBytes(tokenBytes);
        String gatewayToken = HexFormat.of().formatHex(tokenBytes);
        Map<String, String> exported = new LinkedHashMap<>();
        exported.put("KUBELODE_MASTER_SECRET", base64(random, 32));
        exported.put("KUBELODE_K8S_SEAL_KEY", base64(random, 32));
        exported.put("KUBELODE_GATEWAY_TOKENS", "ops:" + sha256(gatewayToken) + ":admin");
        exported.put("LINODE_TOKEN", base64(random, 24));

        // a secret left unset is refused by name before anything starts
        Run missing = run(List.of("docker-compose", "-f", COMPOSE.toString(), "config", "-q"),
                Map.of("LINODE_TOKEN", "x"), Duration.ofSeconds(60));
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.output()).contains("KUBELODE_");

        Run config = run(List.of("docker-compose", "-f", COMPOSE.toString(), "config"), exported,
                Duration.ofSeconds(60));
        assertThat(config.exit()).as(config.output()).isZero();
        JsonNode services = YAML.readTree(config.output()).path("services");
        assertThat(names(services)).containsAll(SERVICES.keySet());

        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost kafka\n");
        Map<String, Path> volumes = new LinkedHashMap<>();
        List<Process> processes = new ArrayList<>();
        Set<String> before = filesOf(UID, volumes);
        try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"), 9092, LocalKafka.freePort())) {
            try {
                Map<String, Process> byName = new LinkedHashMap<>();
                for (String name : SERVICES.keySet()) {
                    JsonNode s = services.path(name);
                    assertThat(s.path("user").asText()).as(name + " user").isEqualTo(UID + ":" + UID);
                    assertThat(s.path("read_only").asBoolean()).as(name + " read_only").isTrue();
                    assertThat(s.path("tmpfs").toString()).as(name + " tmpfs").contains("/tmp");
                    byName.put(name, start(name, s, dir, hosts, volumes));
                }
                processes.addAll(byName.values());
                for (Map.Entry<String, Integer> e : SERVICES.entrySet()) {
                    Process p = byName.get(e.getKey());
                    Path log = Path.of("target", "compose-" + e.getKey() + ".log");
                    Awaitility.await(e.getKey() + " ready").atMost(Duration.ofMinutes(4))
                            .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                            .until(() -> !p.isAlive() || get("http://127.0.0.1:" + e.getValue() + "/q/health/ready",
                                    null) == 200);
                    assertThat(p.isAlive()).as("%s exited %s; its log ends:%n%s", e.getKey(),
                            p.isAlive() ? "" : p.exitValue(), tail(log)).isTrue();
                }
                assertThat(processes).allMatch(Process::isAlive);
                assertThat(get("http://127.0.0.1:8080/clusters", gatewayToken))
                        .as("the gateway takes the declared token").isEqualTo(200);
                assertThat(get("http://127.0.0.1:8080/clusters", "not-" + gatewayToken)).isEqualTo(401);
            } finally {
                stop(processes);
            }
        }
        assertThat(volumes).as("the named volumes the services mount")
                .containsKeys("kubeconfigs", "k8s-secrets");
        Set<String> after = filesOf(UID, volumes);
        after.removeAll(before);
        assertThat(after).as("files of uid 185 outside its volumes (the rest is read-only in the image)").isEmpty();
    }

    /**
     * One service as its image runs it ({@code exec java $JAVA_OPTS -jar /app/quarkus-run.jar}), in a
     * mount namespace of its own: the private hosts file, a tmpfs {@code /tmp}, its volumes at their
     * paths, then uid 185 with exactly the declared environment and the image's {@code PATH}.
     */
    private static Process start(String name, JsonNode service, Path dir, Path hosts, Map<String, Path> volumes)
            throws IOException {
        Path app = Stack.ROOT.resolve(name).resolve("target/quarkus-app");
        assertThat(app.resolve("quarkus-run.jar")).as(name + " is built").exists();
        StringBuilder setup = new StringBuilder("set -eu\nmount --bind " + q(hosts) + " /etc/hosts\n")
                // a tmpfs over /var/lib, so that volume paths below it can be made without touching the host
                .append("mount -t tmpfs -o mode=755 tmpfs /var/lib\nmkdir -p /var/lib/kubelode-app\n")
                .append("mount --bind -o ro ").append(q(app)).append(" /var/lib/kubelode-app\n");
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            Path source = volumes.computeIfAbsent(parts[0], n -> volumeDir(dir, n));
            setup.append("mkdir -p ").append(q(parts[1])).append("\nmount --bind ").append(q(source)).append(' ')
                    .append(q(parts[1])).append('\n');
        }
        for (JsonNode t : service.path("tmpfs")) {
            setup.append("mount -t tmpfs -o mode=1777 tmpfs ").append(q(t.asText())).append('\n');
        }
        List<String> env = new ArrayList<>(List.of("env", "-i",
                "PATH=" + Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin"));
        service.path("environment").fields().forEachRemaining(e -> env.add(e.getKey() + "=" + e.getValue().asText()));
        setup.append("exec setpriv --reuid ").append(UID).append(" --regid ").append(UID).append(" --clear-groups ")
                .append(env.stream().map(ComposeIT::q).collect(Collectors.joining(" ")))
                .append(" sh -c 'cd /var/lib/kubelode-app && exec java $JAVA_OPTS -jar quarkus-run.jar'\n");
        Path log = Path.of("target", "compose-" + name + ".log").toAbsolutePath();
        return new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", setup.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void stop(List<Process> processes) throws InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    /** A named volume: a directory owned by uid 185, mode 700 (what kubeconfigs-init makes of it). */
    private static Path volumeDir(Path dir, String name) {
        try {
            Path d = Files.createDirectories(dir.resolve("volumes").resolve(name));
            Run chown = run(List.of("chown", UID + ":" + UID, d.toString()), Map.of(), Duration.ofSeconds(10));
            assertThat(chown.exit()).as(chown.output()).isZero();
            Files.setPosixFilePermissions(d, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            return d;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every file owned by {@code uid} on the root file system, /var/tmp and /dev/shm, outside the volumes. */
    private static Set<String> filesOf(int uid, Map<String, Path> volumes) throws IOException, InterruptedException {
        Run found = run(List.of("sh", "-c", "find / /var/tmp /dev/shm -xdev -uid " + uid + " 2>/dev/null; true"),
                Map.of(), Duration.ofMinutes(3));
        Set<String> files = new TreeSet<>(found.output().lines().toList());
        files.removeIf(f -> volumes.values().stream().anyMatch(v -> f.startsWith(v.toString())));
        return files;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static int get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private record Run(int exit, String output) {}

    private static Run run(List<String> cmd, Map<String, String> env, Duration timeout) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("KUBELODE_") || k.startsWith("LINODE_"));
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd + " still running after " + timeout);
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String q(Object s) {
        return "'" + s.toString().replace("'", "'\\''") + "'";
    }

    private static String base64(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
