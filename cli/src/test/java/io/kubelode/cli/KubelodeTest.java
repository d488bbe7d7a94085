package io.kubelode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Argument parsing, what goes over the wire, problem rendering and exit codes, against a stub server. */
class KubelodeTest {
    private final StubGateway stub = new StubGateway();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void helpListsTheVerbsAndTheExitCodes() {
        Run r = Run.against(stub.url(), "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("create", "get", "events", "scale", "delete", "kubeconfig", "Exit codes:",
                "3  authentication (401) or authorisation (403)", "4  not found (404)", "KUBELODE_TOKEN");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "create|Missing required option: '--file=SPEC'",
        "get -o xml|Invalid value for option '--output'",
        "frobnicate|Unmatched argument at index 0: 'frobnicate'",
        "scale c-abcde --nodes many|Invalid value for option '--nodes'",
        "events|Missing required parameter: 'ID'",
        "|a command is required"})
    void usageErrorsExitTwo(String args, String message) {
        Run r = Run.against(stub.url(), args == null ? new String[0] : args.split(" "));
        assertThat(r.exit()).isEqualTo(Exit.USAGE);
        assertThat(r.err()).contains(message);
        assertThat(stub.seen).as("nothing is sent").isEmpty();
    }

    @Test
    void globalOptionsGoBeforeOrAfterTheVerbAndFormatsIgnoreCase() {
        stub.on("GET /clusters", 200, "application/json", "[]");
        Run before = Run.of(Map.of(Env.TOKEN_VAR, "t0ken"), dir, false, "--gateway", stub.url(), "get");
        Run after = Run.of(Map.of(), dir, false, "get", "--gateway", stub.url() + "/", "--token", "other", "-o", "JSON");
        assertThat(before.exit()).as(before.err()).isZero();
        assertThat(before.out()).isEqualTo("No clusters.\n");
        assertThat(after.exit()).as(after.err()).isZero();
        assertThat(after.out()).isEqualTo("[ ]\n");
        assertThat(stub.seen).extracting(s -> s.header("Authorization")).containsExactly("Bearer t0ken", "Bearer other");
    }

    @ParameterizedTest
    @CsvSource({"400,2", "401,3", "403,3", "404,4", "409,6", "413,2", "415,2", "422,2", "500,5", "503,5"})
    void refusalsMapToExitCodes(int status, int exit) {
        stub.on("GET /clusters/c-abcde", status, "application/problem+json",
                "{\"type\":\"https://kubelode.io/problems/x\",\"title\":\"Some title\",\"status\":" + status
                        + ",\"detail\":\"what went wrong\"}");
        Run r = Run.against(stub.url(), "get", "c-abcde");
        assertThat(r.exit()).isEqualTo(exit);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: Some title (HTTP " + status + ")\n  what went wrong\n");
    }

    @Test
    void aBadSpecPrintsEveryFieldError() throws Exception {
        stub.on("POST /clusters", 400, "application/problem+json", """
                {"type":"https://kubelode.io/problems/invalid-spec","title":"Invalid cluster spec","status":400,
                 "detail":"2 field(s) of the cluster spec are invalid",
                 "errors":[{"field":"nodes","message":"must be between 3 and 250, was 1"},
                           {"field":"domain","message":"is not a DNS name"}]}""");
        Path spec = Files.writeString(dir.resolve("spec.yaml"), "name: x\n");
        Run r = Run.against(stub.url(), "create", "-f", spec.toString());
        assertThat(r.exit()).isEqualTo(Exit.USAGE);
        assertThat(r.err()).isEqualTo("""
                error: Invalid cluster spec (HTTP 400)
                  2 field(s) of the cluster spec are invalid
                  - nodes: must be between 3 and 250, was 1
                  - domain: is not a DNS name
                """);
    }

    @Test
    void anAnswerThatIsNoProblemStillSaysWhatHappened() {
        stub.on("GET /clusters", 502, "text/html", "<html>Bad Gateway</html>\nmore");
        Run r = Run.against(stub.url(), "get");
        assertThat(r.exit()).isEqualTo(Exit.UNAVAILABLE);
        assertThat(r.err()).isEqualTo("error: HTTP 502 (HTTP 502)\n  <html>Bad Gateway</html>\n");
    }

    @Test
    void withoutATokenTheHintSaysWhereOneComesFrom() {
        stub.on("GET /clusters", 401, "application/problem+json", "{\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"send an API token: Authorization: Bearer <token>\"}");
        Run r = Run.of(Map.of(Env.GATEWAY_VAR, stub.url(), Env.STATE_VAR, dir.toString()), dir, false, "get");
        assertThat(r.exit()).isEqualTo(Exit.AUTH);
        assertThat(r.err()).contains("hint: no token was sent: pass --token, set KUBELODE_TOKEN, or run ./kubelode up");
        assertThat(stub.seen.get(0).header("Authorization")).isNull();
    }

    @Test
    void createSendsTheSpecAsYamlWithTheKeyAndPrintsTheId() throws Exception {
        stub.on("POST /clusters", ex -> {
            ex.getResponseHeaders().set("Idempotent-Replayed", "true");
            ex.getResponseHeaders().set("Location", stub.url() + "/clusters/homelab-abcde");
            StubGateway.respond(ex, 202, "application/json",
                    "{\"id\":\"homelab-abcde\",\"name\":\"homelab\",\"phase\":\"Pending\"}");
        });
        Path spec = Files.writeString(dir.resolve("homelab.yml"), "name: homelab\n");
        Run r = Run.against(stub.url(), "create", "-f", spec.toString(), "--idempotency-key", "k-1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("cluster homelab-abcde accepted (phase Pending); it already existed: created"
                + " earlier with this idempotency key\n");
        StubGateway.Seen post = stub.seen.get(0);
        assertThat(post.header("Content-Type")).isEqualTo("application/yaml");
        assertThat(post.header("Idempotency-Key")).isEqualTo("k-1");
        assertThat(post.body()).isEqualTo("name: homelab\n");
    }

    @Test
    void aJsonSpecIsSentAsJsonAndAMissingFileIsAUsageError() throws Exception {
        stub.on("POST /clusters", 202, "application/json", "{\"id\":\"x-abcde\",\"phase\":\"Pending\"}");
        Path spec = Files.writeString(dir.resolve("spec"), "  {\"name\": \"x\"}");
        assertThat(Run.against(stub.url(), "create", "-f", spec.toString()).exit()).isZero();
        assertThat(stub.seen.get(0).header("Content-Type")).isEqualTo("application/json");

        Run missing = Run.against(stub.url(), "create", "-f", dir.resolve("nope.yaml").toString());
        assertThat(missing.exit()).isEqualTo(Exit.USAGE);
        assertThat(missing.err()).startsWith("error: cannot read the spec ");
    }

    @Test
    void scaleSendsTheNodeCountAndForce() {
        stub.on("PATCH /clusters/c-abcde?force=true", 202, "application/json",
                "{\"id\":\"c-abcde\",\"fromNodes\":3,\"nodes\":2}");
        Run r = Run.against(stub.url(), "scale", "c-abcde", "--nodes", "2", "--force");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("cluster c-abcde: scaling from 3 to 2 node(s)\n");
        assertThat(stub.seen.get(0).body()).isEqualTo("{\"nodes\":2}");
        assertThat(stub.seen.get(0).header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void deleteAndKubeconfig() {
        stub.on("DELETE /clusters/c-abcde", 202, "application/json", "{\"id\":\"c-abcde\",\"phase\":\"Deleting\"}")
                .on("GET /clusters/c-abcde/kubeconfig", 200, "application/yaml", "apiVersion: v1\nkind: Config");
        Run deleted = Run.against(stub.url(), "delete", "c-abcde", "-o", "yaml");
        assertThat(deleted.exit()).isZero();
        assertThat(deleted.out()).isEqualTo("id: c-abcde\nphase: Deleting\n");
        Run kubeconfig = Run.against(stub.url(), "kubeconfig", "c-abcde");
        assertThat(kubeconfig.exit()).isZero();
        assertThat(kubeconfig.out()).isEqualTo("apiVersion: v1\nkind: Config\n");
        assertThat(stub.seen.get(1).header("Accept")).startsWith("application/yaml");
    }

    @Test
    void anUnreachableGatewayExitsFive() {
        stub.close();
        Run r = Run.against(stub.url(), "get");
        assertThat(r.exit()).isEqualTo(Exit.UNAVAILABLE);
        assertThat(r.err()).startsWith("error: the gateway at " + stub.url() + " is unreachable (connection refused)");
    }
}
