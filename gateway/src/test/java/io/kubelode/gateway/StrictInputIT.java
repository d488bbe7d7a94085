package io.kubelode.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.kafka.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Query parameters and headers are parsed strictly, and a bad SSH key or Kubernetes version is
 * refused, all before anything is published: each refused POST carries an Idempotency-Key, so the
 * cluster it would have created has a known id, and that id stays unknown.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class StrictInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RSA_1024 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDDhijq4PeMz+ETVQ8mCoAd1P58nTFjAHpD1y"
            + "D7N654DwZePymCPtWrGoiLqKyLf08Ai60RvXUxpfQIAWA2QSEk+lVEdNbPXcIlDfBmcC90yjVo8MqdE8f220nVhJvHnpgmz4ExVHr2tclz"
            + "7cB/+ia3RoAs4S1myDKjxHF4pyV+TQ== old@laptop";
    private final HttpClient http = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI root;

    @Test
    void aDryRunThatIsNotExactlyTrueOrFalseIsA400AndCreatesNothing() throws Exception {
        for (String query : new String[] {"dryRun=yes", "dryRun=1", "dryRun=maybe", "dryRun=TRUE%20", "dryRun=True",
            "dryRun=%20true", "dryRun=", "dryRun"}) {
            Answer a = post(query, homelab("strict"));
            assertThat(a.status).as(query).isEqualTo(400);
            assertThat(a.type).as(query).isEqualTo("application/problem+json");
            assertThat(a.body.path("type").asText()).as(query).endsWith("/invalid-parameter");
            assertThat(a.body.path("detail").asText()).as(query).startsWith(query.contains("=") && !query.endsWith("=")
                    ? "query parameter dryRun must be true or false, was '"
                    : "query parameter dryRun is empty; give it a value or leave it out");
            assertThat(a.body.at("/errors/0/field").asText()).as(query).isEqualTo("dryRun");
            assertThat(get("clusters/" + a.clusterId).status).as(query).isEqualTo(404);
        }
        assertThat(post("dryRun=true", homelab("strict")).status).isEqualTo(200);
        // false is taken (and would create): a spec with one node shows it got as far as the spec
        Answer real = post("dryRun=false", homelab("strict").replaceFirst("(?m)^nodes: .*$", "nodes: 1"));
        assertThat(real.status).isEqualTo(400);
        assertThat(real.body.at("/errors/0/field").asText()).isEqualTo("nodes");
    }

    @Test
    void unknownAndRepeatedQueryParametersAreRefusedByName() throws Exception {
        Answer typo = post("dryrun=true", homelab("strict"));
        assertThat(typo.status).isEqualTo(400);
        assertThat(typo.body.path("detail").asText())
                .isEqualTo("POST /clusters takes only the query parameter(s) dryRun; unknown: dryrun");
        assertThat(typo.body.at("/errors/0/field").asText()).isEqualTo("dryrun");
        assertThat(typo.body.at("/errors/0/message").asText()).contains("did you mean dryRun?");
        assertThat(get("clusters/" + typo.clusterId).status).isEqualTo(404);

        Answer two = post("dryRun=true&dryRun=false", homelab("strict"));
        assertThat(two.status).isEqualTo(400);
        assertThat(two.body.at("/errors/0/field").asText()).isEqualTo("dryRun");
        assertThat(two.body.at("/errors/0/message").asText()).isEqualTo("is given 2 times; it is taken once");
        assertThat(get("clusters/" + two.clusterId).status).isEqualTo(404);

        Answer listing = get("clusters?limit=5");
        assertThat(listing.status).isEqualTo(400);
        assertThat(listing.body.path("detail").asText()).isEqualTo("GET /clusters takes no query parameters;"
                + " unknown: limit");
        assertThat(get("clusters/none-00000/events?from=3").status).isEqualTo(400);
    }

    @Test
    void forceIsTrueOrFalseToo() throws Exception {
        Answer a = send(HttpRequest.newBuilder(root.resolve("clusters/none-00000?force=yes"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"nodes\":2}"))
                .header("Content-Type", "application/json"));
        assertThat(a.status).isEqualTo(400);
        assertThat(a.body.at("/errors/0/field").asText()).isEqualTo("force");
        assertThat(a.body.path("detail").asText()).isEqualTo("query parameter force must be true or false, was 'yes'");
    }

    @Test
    void headersAreParsedStrictly() throws Exception {
        // (spaces around a header value are not part of it in HTTP, so " 5" is 5)
        for (String bad : new String[] {"+5", "-1", "05", "1e3", "5,6", "0x5"}) {
            Answer a = send(HttpRequest.newBuilder(root.resolve("clusters/none-00000/events"))
                    .header("Accept", "text/event-stream").header("Last-Event-ID", bad));
            assertThat(a.status).as("'%s'", bad).isEqualTo(400);
            assertThat(a.body.at("/errors/0/field").asText()).isEqualTo("Last-Event-ID");
        }
        String key = UUID.randomUUID().toString();
        Answer twice = send(HttpRequest.newBuilder(root.resolve("clusters"))
                .POST(HttpRequest.BodyPublishers.ofString(homelab("strict"))).header("Content-Type", "application/yaml")
                .header("Idempotency-Key", key).header("Idempotency-Key", key + "x"));
        assertThat(twice.status).isEqualTo(400);
        assertThat(twice.body.at("/errors/0/field").asText()).isEqualTo("Idempotency-Key");
        assertThat(twice.body.at("/errors/0/message").asText()).isEqualTo("is sent 2 times; it is taken once");
        Answer tooLong = send(HttpRequest.newBuilder(root.resolve("clusters"))
                .POST(HttpRequest.BodyPublishers.ofString(homelab("strict"))).header("Content-Type", "application/yaml")
                .header("Idempotency-Key", "k".repeat(256)));
        assertThat(tooLong.status).isEqualTo(400);
        assertThat(tooLong.body.at("/errors/0/field").asText()).isEqualTo("Idempotency-Key");
        Answer empty = send(HttpRequest.newBuilder(root.resolve("clusters/none-00000/events"))
                .header("Accept", "text/event-stream").header("Last-Event-ID", ""));
        assertThat(empty.status).isEqualTo(400);
        assertThat(empty.body.path("detail").asText()).isEqualTo("header Last-Event-ID is empty; give it a value or"
                + " leave it out");
    }

    @Test
    void anInvalidSshKeyIsA400NamingItInTheDryRunAndThePost() throws Exception {
        String yaml = homelab("strict").replaceFirst("(?m)^sshKeys:\n", "sshKeys:\n  - " + SshKeys.VALID + "\n  - "
                + RSA_1024 + "\n");
        for (String query : new String[] {"dryRun=true", null}) {
            Answer a = post(query, yaml);
            assertThat(a.status).as(query).isEqualTo(400);
            assertThat(a.body.path("type").asText()).endsWith("/invalid-spec");
            assertThat(a.body.at("/errors/0/field").asText()).isEqualTo("sshKeys[1]");
            assertThat(a.body.at("/errors/0/message").asText()).contains("RSA key of 1024 bits");
            assertThat(get("clusters/" + a.clusterId).status).isEqualTo(404);
        }
    }

    @Test
    void aKubernetesVersionWithAVIsA400SayingHowToWriteIt() throws Exception {
        String yaml = homelab("strict").replaceFirst("(?m)^kubernetesVersion: .*$", "kubernetesVersion: v1.31.4");
        for (String query : new String[] {"dryRun=true", null}) {
            Answer a = post(query, yaml);
            assertThat(a.status).as(query).isEqualTo(400);
            assertThat(a.body.at("/errors/0/field").asText()).isEqualTo("kubernetesVersion");
            assertThat(a.body.at("/errors/0/message").asText()).endsWith("write 1.31.4, without the v");
            assertThat(get("clusters/" + a.clusterId).status).isEqualTo(404);
        }
    }

    private static String homelab(String name) throws Exception {
        String yaml = Files.readString(Path.of("../examples/homelab.yaml")).replaceFirst("(?m)^name: .*$",
                "name: " + name);
        assertThat(yaml).contains("\nkubernetesVersion: ").contains("\nsshKeys:\n");
        return yaml;
    }

    /** The answer, and the id of the cluster the POST would have created (from its Idempotency-Key). */
    private record Answer(int status, String type, JsonNode body, String clusterId) {
    }

    private Answer post(String query, String yaml) throws Exception {
        String key = UUID.randomUUID().toString();
        Answer a = send(HttpRequest.newBuilder(root.resolve("clusters" + (query == null ? "" : "?" + query)))
                .POST(HttpRequest.BodyPublishers.ofString(yaml)).header("Content-Type", "application/yaml")
                .header("Idempotency-Key", key));
        return new Answer(a.status, a.type, a.body, ClusterRequests.clusterIdFor("strict", "dev-admin", key));
    }

    private Answer get(String path) throws Exception {
        return send(HttpRequest.newBuilder(root.resolve(path)).GET());
    }

    private Answer send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.header("Authorization", "Bearer " + Api.ADMIN).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = r.body();
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", ""),
                body.isEmpty() || !body.startsWith("{") && !body.startsWith("[") ? JSON.nullNode() : JSON.readTree(body),
                null);
    }

    private static final class SshKeys {
        static final String VALID = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIfADOoemPcsS2/AtZ4vd2rmEAFWVEjqX+wYCVViz60O"
                + " second@home";
    }
}
