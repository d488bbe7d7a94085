package io.kubelode.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.kafka.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The cluster API against a real broker: the read model, idempotency, dry run, scale, delete. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ClusterApiIT {

    private static String homelab() throws Exception {
        return Files.readString(Path.of("../examples/homelab.yaml"));
    }

    private static Response post(String yaml, String key) {
        var spec = given().auth().oauth2(Api.ADMIN).contentType("application/yaml").body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (key != null) {
            spec = spec.header("Idempotency-Key", key);
        }
        return spec.post("/clusters");
    }

    @Test
    void aRetriedPostWithTheSameIdempotencyKeyReturnsTheSameCluster() throws Exception {
        String key = UUID.randomUUID().toString();
        String first = post(homelab(), key).then().statusCode(202).header("Idempotent-Replayed", "false")
                .extract().path("id");
        String again = post(homelab(), key).then().statusCode(202).extract().path("id");
        assertThat(again).isEqualTo(first);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Api.READER)
                .get("/clusters/" + first).then().statusCode(200).body("events", equalTo(1)));
        post(homelab(), key).then().statusCode(202).header("Idempotent-Replayed", "true").body("id", equalTo(first));
        String other = post(homelab(), UUID.randomUUID().toString()).then().statusCode(202).extract().path("id");
        assertThat(other).isNotEqualTo(first);
        post(homelab().replace("nodes: 3", "nodes: 4"), key).then().statusCode(422)
                .contentType("application/problem+json").body("type", matchesRegex(".*idempotency-key-reused"));
        await().untilAsserted(() -> given().auth().oauth2(Api.READER).get("/clusters").then().statusCode(200)
                .body("findAll { it.id == '" + first + "' }", hasSize(1)));
    }

    @Test
    void theReadModelFollowsTheSagaToReadyThenScaleAndDelete() {
        String id = "api-" + UUID.randomUUID().toString().substring(0, 5);
        ClusterRequested requested = Saga.requested(id + "-zzzzz", 3);
        String cid = requested.clusterId();
        try (Bus bus = new Bus()) {
            bus.publish(requested);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Api.READER)
                    .get("/clusters/" + cid).then().statusCode(200).body("phase", equalTo("Pending")));
            bus.publishAll(Saga.forward(cid, requested.spec()).subList(0, 2));
            await().untilAsserted(() -> given().auth().oauth2(Api.READER).get("/clusters/" + cid).then()
                    .body("phase", equalTo("Provisioning"))
                    .body("nodes[0].conditions[0].status", equalTo("True"))
                    .body("nodes[2].conditions[0].status", equalTo("Unknown")));
            bus.publishAll(Saga.forward(cid, requested.spec()).subList(2, 3 * 2 + 4));
            await().untilAsserted(() -> given().auth().oauth2(Api.READER).get("/clusters/" + cid).then()
                    .body("phase", equalTo("Ready"))
                    .body("conditions.status", everyItem(equalTo("True")))
                    .body("conditions.type", hasItem("DnsPublished"))
                    .body("conditions[0].lastTransitionTime", matchesRegex("\\d{4}-.*Z"))
                    .body("apps.url", hasItem("https://www.example.org/")));

            given().auth().oauth2(Api.ADMIN).get("/clusters/" + cid + "/kubeconfig").then().statusCode(404)
                    .contentType("application/problem+json").body("type", matchesRegex(".*kubeconfig-unavailable"));
            given().auth().oauth2(Api.ADMIN).contentType("application/json").body("{\"nodes\":2}")
                    .patch("/clusters/" + cid).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("nodes")).body("errors[0].message", matchesRegex(".*force=true.*"));
            given().auth().oauth2(Api.ADMIN).contentType("application/json").body("{\"nodes\":5,\"x\":1}")
                    .patch("/clusters/" + cid).then().statusCode(400).body("errors[0].field", equalTo("x"));
            given().auth().oauth2(Api.ADMIN).contentType("application/json").body("{\"nodes\":5}")
                    .patch("/clusters/" + cid).then().statusCode(202).body("fromNodes", equalTo(3));
            await().untilAsserted(() -> given().auth().oauth2(Api.READER).get("/clusters/" + cid).then()
                    .body("phase", equalTo("Provisioning")).body("spec.nodes", equalTo(5)).body("nodes", hasSize(5)));

            given().auth().oauth2(Api.ADMIN).delete("/clusters/" + cid).then().statusCode(202)
                    .body("phase", equalTo("Deleting"));
            await().untilAsserted(() -> given().auth().oauth2(Api.READER).get("/clusters/" + cid).then()
                    .body("phase", equalTo("Deleting")));
            given().auth().oauth2(Api.ADMIN).delete("/clusters/" + cid).then().statusCode(202);
            bus.publishAll(Saga.teardown(cid).subList(1, Saga.teardown(cid).size()));
            await().untilAsserted(() -> given().auth().oauth2(Api.READER).get("/clusters/" + cid).then()
                    .body("phase", equalTo("Deleted")));
            given().auth().oauth2(Api.ADMIN).get("/clusters/" + cid + "/kubeconfig").then().statusCode(404)
                    .contentType("application/problem+json").body("type", matchesRegex(".*kubeconfig-unavailable"));
        }
    }

    @Test
    void aDryRunReturnsThePlanAndPublishesNothing() throws Exception {
        // this profile has no Linode URL: the plan says it checked and priced nothing (PreflightIT has the sandbox)
        int before = given().auth().oauth2(Api.READER).get("/clusters").then().extract().path("size()");
        given().auth().oauth2(Api.ADMIN).contentType("application/yaml").body(homelab().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .queryParam("dryRun", true).post("/clusters").then().statusCode(200)
                .body("dryRun", equalTo(true))
                .body("instances", hasSize(3))
                .body("instances[0].label", matchesRegex("homelab-[a-z0-9]{5}-1"))
                .body("instances[0].type", equalTo("g6-standard-2"))
                .body("instances[0].region", equalTo("us-east"))
                .body("containers", hasSize(6))
                .body("containers[0].name", matchesRegex("homelab-[a-z0-9]{5}-1-master"))
                .body("addressPlan.nodes", hasSize(3))
                .body("apps.host", hasItem("blog.dyll.in"))
                .body("dnsRecords.name", hasItem("dyll.in"))
                .body("steps.command", hasItem(startsWith("POST /v4/linode/instances")))
                .body("cost.monthly", nullValue())
                .body("cost.priceSource", startsWith("kubelode.gateway.linode-url is not set"))
                .body("preflight.checked", equalTo(false));
        int after = given().auth().oauth2(Api.READER).get("/clusters").then().extract().path("size()");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void tokensAreRequiredAndRolesEnforced() throws Exception {
        given().get("/clusters").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"));
        given().auth().oauth2("not-a-token").get("/clusters").then().statusCode(401);
        given().auth().oauth2(Api.READER).get("/clusters").then().statusCode(200);
        given().auth().oauth2(Api.READER).contentType("application/yaml").body(homelab().getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/clusters")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        given().auth().oauth2(Api.READER).delete("/clusters/x").then().statusCode(403);
        given().auth().oauth2(Api.READER).get("/clusters/x/kubeconfig").then().statusCode(403);
        given().auth().oauth2(Api.ADMIN).get("/clusters/nope-00000").then().statusCode(404)
                .contentType("application/problem+json").body("type", matchesRegex(".*no-such-cluster"));
    }

    @Test
    void theOpenApiDocumentAndSwaggerUiAreServed() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/clusters/{id}/events'.get", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/clusters/{id}'.patch", org.hamcrest.Matchers.notNullValue())
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("info.description", org.hamcrest.Matchers.containsString("kubelode.provisioner"));
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get("/").then().statusCode(200).body(org.hamcrest.Matchers.containsString("dashboard.js"));
    }

    @Test
    void everyHttpErrorIsAProblemWithoutAStackTrace() {
        given().auth().oauth2(Api.ADMIN).get("/nothing/here").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2(Api.ADMIN).put("/clusters").then().statusCode(405)
                .contentType("application/problem+json");
        given().auth().oauth2(Api.ADMIN).contentType("text/plain").body("hello").post("/clusters").then()
                .statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(Api.ADMIN).accept("image/png").get("/clusters").then().statusCode(406)
                .contentType("application/problem+json");
        given().auth().oauth2(Api.ADMIN).contentType("application/json").body("{\"name\":\"" + "x".repeat(70_000)
                + "\"}").post("/clusters").then().statusCode(413).contentType("application/problem+json");
        given().auth().oauth2(Api.ADMIN).header("Last-Event-ID", "abc").get("/clusters/none-00000/events")
                .then().statusCode(not(equalTo(500)));
    }
}
