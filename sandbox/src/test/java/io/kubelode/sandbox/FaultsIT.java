package io.kubelode.sandbox;

import static io.kubelode.sandbox.Sandbox.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FaultsIT {
    private final KeyPair host = TestKeys.ed25519();
    private final KeyPair user = TestKeys.ed25519();

    @BeforeEach
    void reset() {
        Sandbox.reset();
    }

    private static void fault(Map<String, Object> spec) {
        given().contentType("application/json").body(spec).post("/sandbox/faults").then().statusCode(201);
    }

    @Test
    void failsCreatesForMatchingLabelsOnly() {
        fault(Map.of("type", "fail-creates", "label_pattern", "c-2", "status", 400, "reason", "sandbox: no capacity"));

        Sandbox.create("c-1", host, user);
        api().body(Sandbox.createBody("c-2", host, user)).post("/v4/linode/instances")
                .then().statusCode(400).body("errors[0].reason", equalTo("sandbox: no capacity"));
        Sandbox.create("c-3", host, user);

        api().get("/v4/linode/instances").then().body("results", equalTo(2));
        given().get("/sandbox/stats").then().body("createsRefused", equalTo(1)).body("createsAccepted", equalTo(2));
    }

    @Test
    void answers5xxForTheNextNRequestsThenRecovers() {
        fault(Map.of("type", "server-errors", "count", 2, "status", 503, "path_pattern", "^/linode/instances"));

        api().get("/v4/linode/instances").then().statusCode(503);
        api().get("/v4/linode/types").then().statusCode(200);
        api().get("/v4/linode/instances").then().statusCode(503);
        api().get("/v4/linode/instances").then().statusCode(200);
        given().get("/sandbox/stats").then().body("faultsInjected", equalTo(2));
    }

    @Test
    void stormsWith429AndRetryAfterForADuration() {
        fault(Map.of("type", "rate-limit", "duration_ms", 3000, "retry_after", 2));

        Response limited = api().get("/v4/linode/instances");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("2");
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        await().atMost(Duration.ofSeconds(15)).until(() -> api().get("/v4/linode/instances").statusCode() == 200);
        given().get("/sandbox/stats").then().body("rateLimited", equalTo(0));
    }

    @Test
    void slowsTheBootOfOneNode() {
        fault(Map.of("type", "slow-boot", "label_pattern", "slow-2", "delay_ms", 6000));

        long fast = Sandbox.create("slow-1", host, user).getLong("id");
        long slow = Sandbox.create("slow-2", host, user).getLong("id");

        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(Sandbox.status(fast)));
        assertThat(Sandbox.status(slow)).isEqualTo("booting");
        await().atMost(Duration.ofSeconds(20)).until(() -> "running".equals(Sandbox.status(slow)));
    }

    @Test
    void aStormScopedToAClusterHitsOnlyThatClustersCallsAndCreatesAreCountedPerCluster() {
        long alpha = Sandbox.create("alpha-aaaaa-1", host, user).getLong("id");
        long beta = Sandbox.create("beta-bbbbb-1", host, user).getLong("id");
        fault(Map.of("type", "server-errors", "status", 503, "cluster", "alpha-aaaaa"));

        // by id (the instance's tag), by body (a create's label and tags), by X-Filter (label or tag)
        api().get("/v4/linode/instances/" + alpha).then().statusCode(503)
                .body("errors[0].reason", equalTo("Service Unavailable"));
        api().get("/v4/linode/instances/" + beta).then().statusCode(200);
        api().body(Sandbox.createBody("alpha-aaaaa-2", host, user)).post("/v4/linode/instances").then().statusCode(503);
        Sandbox.create("beta-bbbbb-2", host, user);
        api().header("X-Filter", "{\"tags\": \"kl:alpha-aaaaa\"}").get("/v4/linode/instances")
                .then().statusCode(503);
        api().header("X-Filter", "{\"label\": \"beta-bbbbb-1\"}").get("/v4/linode/instances")
                .then().statusCode(200).body("results", equalTo(1));
        // a call the sandbox cannot attribute to a cluster is only hit by unscoped faults
        api().get("/v4/linode/instances").then().statusCode(200).body("results", equalTo(3));

        given().get("/sandbox/stats").then().body("faultsInjected", equalTo(3))
                .body("createsAccepted", equalTo(3))
                .body("createsByCluster.alpha-aaaaa", equalTo(1))
                .body("createsByCluster.beta-bbbbb", equalTo(2));
    }

    @Test
    void aStormScopedToADomainHitsOnlyThatDomainsCalls() {
        long a = domain("a.example");
        long b = domain("b.example");
        fault(Map.of("type", "rate-limit", "retry_after", 2, "domain", "a.example"));
        fault(Map.of("type", "server-errors", "status", 400, "reason", "chaos: domain refused", "method", "POST",
                "path_pattern", "^/domains$", "domain", "c.example"));
        Map<String, Object> record = Map.of("type", "A", "name", "www", "target", "127.78.0.1");

        Response limited = api().body(record).post("/v4/domains/" + a + "/records");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("2");
        api().body(record).post("/v4/domains/" + b + "/records").then().statusCode(200);
        api().header("X-Filter", "{\"domain\": \"a.example\"}").get("/v4/domains").then().statusCode(429);
        api().header("X-Filter", "{\"domain\": \"b.example\"}").get("/v4/domains").then().statusCode(200);
        api().get("/v4/domains").then().statusCode(200).body("results", equalTo(2));
        // a create is told by its body
        api().body(Map.of("domain", "c.example", "type", "master", "soa_email", "admin@c.example"))
                .post("/v4/domains").then().statusCode(400).body("errors[0].reason", equalTo("chaos: domain refused"));
        domain("d.example");
        api().get("/v4/domains").then().body("results", equalTo(3));
    }

    @Test
    void labelFaultsScopedToAClusterSpareOtherClusters() {
        fault(Map.of("type", "fail-creates", "cluster", "gamma-ccccc", "status", 400, "reason", "sandbox: no capacity"));
        fault(Map.of("type", "slow-boot", "cluster", "delta-ddddd", "label_pattern", ".*-2", "delay_ms", 6000));

        api().body(Sandbox.createBody("gamma-ccccc-1", host, user)).post("/v4/linode/instances")
                .then().statusCode(400).body("errors[0].reason", equalTo("sandbox: no capacity"));
        long other = Sandbox.create("gammax-ccccc-2", host, user).getLong("id");
        long fast = Sandbox.create("omega-eeeee-2", host, user).getLong("id");
        long slow = Sandbox.create("delta-ddddd-2", host, user).getLong("id");

        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(Sandbox.status(fast))
                && "running".equals(Sandbox.status(other)));
        assertThat(Sandbox.status(slow)).isEqualTo("booting");
        given().get("/sandbox/faults").then().body("spec.cluster", org.hamcrest.Matchers.hasItems("gamma-ccccc",
                "delta-ddddd"));
    }

    @Test
    void refusesABlankScope() {
        given().contentType("application/json").body(Map.of("type", "server-errors", "cluster", " "))
                .post("/sandbox/faults").then().statusCode(400);
    }

    private static long domain(String name) {
        return api().body(Map.of("domain", name, "type", "master", "soa_email", "admin@" + name))
                .post("/v4/domains").then().statusCode(200).extract().jsonPath().getLong("id");
    }

    @Test
    void refusesAnInvalidFaultAndClearsFaults() {
        given().contentType("application/json").body(Map.of("type", "nonsense")).post("/sandbox/faults")
                .then().statusCode(400);
        fault(Map.of("type", "server-errors"));
        given().get("/sandbox/faults").then().body("size()", equalTo(1));

        given().delete("/sandbox/faults").then().statusCode(204);

        api().get("/v4/linode/instances").then().statusCode(200);
    }
}
