package io.kubelode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The README's "Running against Linode", followed as written: {@code ./kubelode up --linode spec}
 * with the token in {@code LINODE_TOKEN}, the smallest cluster that fits (the example, whose type the
 * preflight checks), checked from outside (every Kubernetes node Ready through the kubeconfig kubelode
 * hands out, every app host answering HTTP on every node's public address), then
 * {@code ./kubelode delete --wait}, after which no instance tagged {@code kl:<id>}, no domain kubelode
 * created and none of its records is left, and what it cost is printed.
 *
 * <p>Live only with an explicit opt-in: {@code KUBELODE_LIVE_LINODE=yes}, {@code LINODE_TOKEN} and
 * {@code KUBELODE_LIVE_DOMAIN} (a domain of that account, or one it may create), against
 * {@code LINODE_URL} or api.linode.com; it is billed. Otherwise (CI) the same code path runs against
 * a sandbox started on its own with a token of its own, the API URL being the only difference, as
 * the README's rehearsal says.
 */
class LinodeModeIT {
    private static final Path STATE = Path.of("target/linode-state").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theReadmesLinodeModeCreatesChecksAndDeletesAClusterLeavingNothing() throws Exception {
        boolean live = "yes".equals(System.getenv("KUBELODE_LIVE_LINODE"));
        if (live) {
            assertThat(System.getenv("LINODE_TOKEN")).as("KUBELODE_LIVE_LINODE=yes needs LINODE_TOKEN").isNotBlank();
            assertThat(System.getenv("KUBELODE_LIVE_DOMAIN")).as("KUBELODE_LIVE_LINODE=yes needs KUBELODE_LIVE_DOMAIN")
                    .isNotBlank();
        } else {
            System.out.println("LinodeModeIT: against a sandbox of its own; set KUBELODE_LIVE_LINODE=yes, LINODE_TOKEN"
                    + " and KUBELODE_LIVE_DOMAIN to run it against the real Linode API (billed)");
        }
        deleteRecursively(STATE);
        Files.createDirectories(STATE);
        String domain = live ? System.getenv("KUBELODE_LIVE_DOMAIN") : "linmode.example.org";
        Path spec = STATE.resolve("cluster.yaml");
        Files.writeString(spec, Files.readString(Stack.ROOT.resolve("examples/homelab.yaml"))
                .replace("name: homelab", "name: linmode").replaceAll("(?m)^domain: .*$", "domain: " + domain));

        Process sandbox = null;
        String api;
        String token;
        if (live) {
            api = System.getenv().getOrDefault("LINODE_URL", "https://api.linode.com/v4");
            token = System.getenv("LINODE_TOKEN");
        } else {
            byte[] random = new byte[16];
            new java.security.SecureRandom().nextBytes(random);
            token = HexFormat.of().formatHex(random);
            sandbox = startSandbox(token);
            api = "http://127.0.0.1:8090/v4";
        }
        Map<String, String> env = Map.of("LINODE_TOKEN", token, "LINODE_URL", api);
        Instant created = null;
        String id = null;
        try {
            Stack.Run up = Stack.kubelode(STATE, env, "linode-up.log", Duration.ofMinutes(live ? 30 : 8),
                    "up", "--linode", spec.toString());
            assertThat(up.exit()).as("./kubelode up --linode output:%n%s", up.output()).isZero();
            assertThat(up.output()).contains("Linode mode: every service calls " + api).contains("Ready")
                    .doesNotContain(token);
            JsonNode clusters = gateway("/clusters");
            assertThat(clusters).hasSize(1);
            id = clusters.get(0).path("id").asText();
            created = Instant.now();
            JsonNode view = gateway("/clusters/" + id);
            assertThat(view.path("phase").asText()).isEqualTo("Ready");

            // from outside: the instances by their tag, as the account shows them
            List<JsonNode> instances = linode(api, token, "/linode/instances", "{\"tags\":\"kl:" + id + "\"}");
            assertThat(instances).hasSize(3);
            List<String> addresses = instances.stream().map(i -> i.path("ipv4").get(0).asText()).toList();
            String type = instances.get(0).path("type").asText();

            // every Kubernetes node Ready, through the kubeconfig kubelode hands out, with the real kubectl
            Path kubeconfig = STATE.resolve("admin.kubeconfig");
            Stack.Run kc = Stack.kubelode(STATE, env, "linode-kubeconfig.log", Duration.ofMinutes(1), "kubeconfig", id);
            assertThat(kc.exit()).as(kc.output()).isZero();
            Files.writeString(kubeconfig, kc.output().substring(kc.output().indexOf("apiVersion")));
            // its server is the cluster's domain, whose apex answers with every node's address
            assertThat(Files.readString(kubeconfig)).contains("server: https://" + domain + ":6443");
            List<String> kubectl = List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "get", "nodes", "-o",
                    "json");
            JsonNode nodes = JSON.readTree(run(live ? kubectl : resolving(domain, apex(api, token, domain), kubectl)));
            List<String> ready = new ArrayList<>();
            nodes.path("items").forEach(n -> n.path("status").path("conditions").forEach(c -> {
                if ("Ready".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                    ready.add(n.path("metadata").path("name").asText());
                }
            }));
            assertThat(ready).as("Ready nodes").hasSize(6);

            // every app host answers HTTP on every node's public address (the round-robin DNS's promise)
            List<String> hosts = new ArrayList<>();
            view.path("apps").forEach(a -> hosts.add(URI.create(a.path("url").asText()).getHost()));
            assertThat(hosts).isNotEmpty();
            for (String host : hosts) {
                for (String address : addresses) {
                    int status = httpStatus(address, host);
                    assertThat(status).as("http://%s/ on %s", host, address).isBetween(200, 499);
                }
            }

            Stack.Run delete = Stack.kubelode(STATE, env, "linode-delete.log", Duration.ofMinutes(live ? 15 : 4),
                    "delete", id, "--wait");
            assertThat(delete.exit()).as(delete.output()).isZero();
            Duration ran = Duration.between(created, Instant.now());

            assertThat(linode(api, token, "/linode/instances", "{\"tags\":\"kl:" + id + "\"}"))
                    .as("instances tagged kl:%s", id).isEmpty();
            List<JsonNode> domains = linode(api, token, "/domains", "{\"domain\":\"" + domain + "\"}");
            if (!live) {
                assertThat(domains).as("the domain kubelode created").isEmpty();
            }
            for (JsonNode d : domains) { // a domain the account had before: no record points at a node any more
                assertThat(linode(api, token, "/domains/" + d.path("id").asLong() + "/records", null))
                        .noneMatch(r -> addresses.contains(r.path("target").asText()));
            }
            JsonNode price = linodeOne(api, token, "/linode/types/" + type).path("price");
            long hours = Math.max(1, (ran.toMinutes() + 59) / 60);
            System.out.printf("LinodeModeIT (%s): 3 × %s for %d h (billed by the hour, %.4f USD/h each): %.2f USD%n",
                    live ? "live" : "sandbox", type, hours, price.path("hourly").asDouble(),
                    3 * hours * price.path("hourly").asDouble());
        } finally {
            Stack.kubelode(STATE, env, "linode-down.log", Duration.ofMinutes(2), "down");
            if (sandbox != null) {
                sandbox.destroy();
                if (!sandbox.waitFor(30, TimeUnit.SECONDS)) {
                    sandbox.destroyForcibly();
                }
            }
        }
    }

    /** The sandbox as the README's rehearsal starts it: on its own, at 127.0.0.1:8090, with its own token. */
    private static Process startSandbox(String token) throws IOException {
        Path jar = Stack.ROOT.resolve("sandbox/target/quarkus-app/quarkus-run.jar");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dkubelode.sandbox.tokens=" + token, "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(STATE.resolve("sandbox.log").toFile()).start();
        Awaitility.await("the sandbox ready").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().until(() -> !p.isAlive() || HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:8090/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        assertThat(p.isAlive()).as("the sandbox started (see %s)", STATE.resolve("sandbox.log")).isTrue();
        return p;
    }

    /** The status of {@code GET /} for {@code host} at {@code address}:80, as a browser sent there by DNS asks. */
    private static int httpStatus(String address, String host) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, 80), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String line = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(line).as("the answer of %s for %s", address, host).startsWith("HTTP/1.");
            return Integer.parseInt(line.substring(9, 12));
        }
    }

    private static JsonNode gateway(String path) throws IOException, InterruptedException {
        String token = Files.readString(STATE.resolve("gateway.token")).strip();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(Stack.GATEWAY + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Every item of a Linode list, all pages, optionally filtered ({@code X-Filter}). */
    private static List<JsonNode> linode(String api, String token, String path, String filter)
            throws IOException, InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path + "?page_size=500&page=" + page))
                    .header("Authorization", "Bearer " + token);
            if (filter != null) {
                b.header("X-Filter", filter);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            body.path("data").forEach(all::add);
            if (page >= body.path("pages").asInt(1)) {
                return all;
            }
        }
    }

    private static JsonNode linodeOne(String api, String token, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Whether a record's name is the apex: Linode names it "", the sandbox keeps the name sent (the domain). */
    private static boolean apexName(String name, String domain) {
        return name.isEmpty() || name.equals(domain);
    }

    /** The addresses the domain's apex answers with: its A records (what Linode's nameservers serve). */
    private static List<String> apex(String api, String token, String domain) throws IOException, InterruptedException {
        List<String> apex = new ArrayList<>();
        for (JsonNode d : linode(api, token, "/domains", "{\"domain\":\"" + domain + "\"}")) {
            linode(api, token, "/domains/" + d.path("id").asLong() + "/records", null).stream()
                    .filter(r -> r.path("type").asText().equals("A") && apexName(r.path("name").asText(), domain))
                    .forEach(r -> apex.add(r.path("target").asText()));
        }
        assertThat(apex).as("the A records of %s's apex", domain).hasSize(3);
        return apex;
    }

    /**
     * {@code cmd} run where {@code name} resolves to {@code addresses}: this machine has no resolver for
     * the sandbox's domains, so the records stand in for one, in an /etc/hosts of a mount namespace of
     * the command's own (nothing of this machine's changes).
     */
    private static List<String> resolving(String name, List<String> addresses, List<String> cmd) throws IOException {
        StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
        addresses.forEach(a -> hosts.append(a).append(' ').append(name).append('\n'));
        Path file = STATE.resolve("hosts");
        Files.writeString(file, hosts);
        List<String> wrapped = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--", "bash",
                "-c", "mount --bind \"$0\" /etc/hosts && exec \"$@\"", file.toString()));
        wrapped.addAll(cmd);
        return wrapped;
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(cmd + ": " + out).isTrue();
        return out;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
