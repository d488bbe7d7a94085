package io.kubelode.sandbox;

import static io.kubelode.sandbox.Sandbox.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InstancesApiIT {
    private final KeyPair host = TestKeys.ed25519();
    private final KeyPair user = TestKeys.ed25519();

    @BeforeEach
    void reset() {
        Sandbox.reset();
    }

    @Test
    void createsInstanceInProvisioningWithItsOwnLoopbackAddressAndAReportedPrivateOne() {
        JsonPath first = Sandbox.create("demo-1", host, user);
        JsonPath second = Sandbox.create("demo-2", host, user);

        assertThat(first.getString("status")).isEqualTo("provisioning");
        assertThat(first.getString("label")).isEqualTo("demo-1");
        assertThat(first.getString("type")).isEqualTo("g6-standard-1");
        assertThat(first.getInt("specs.memory")).isEqualTo(2048);
        assertThat(first.getBoolean("has_user_data")).isTrue();
        assertThat(first.getList("tags", String.class)).containsExactly("kubelode", "kl:demo");
        assertThat(second.getLong("id")).isGreaterThan(first.getLong("id"));
        List<String> ipv4 = first.getList("ipv4", String.class);
        assertThat(ipv4).hasSize(2);
        assertThat(ipv4.get(0)).startsWith("127.78.");
        assertThat(ipv4.get(1)).startsWith("192.168.");
        assertThat(second.getList("ipv4", String.class).get(0)).isNotEqualTo(ipv4.get(0));
    }

    @Test
    void refusesASecondInstanceWithTheSameLabel() {
        Sandbox.create("web-1", host, user);

        api().body(Sandbox.createBody("web-1", host, user)).post("/v4/linode/instances")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("label"))
                .body("errors[0].reason", startsWith("Label must be unique"));
        api().get("/v4/linode/instances").then().body("results", equalTo(1));
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        Map<String, Object> body = Map.of("region", "mars-1", "type", "g9-huge", "label", "ab", "image", "linode/debian12",
                "root_pass", "x");

        List<String> fields = Sandbox.apiWrongRequest().body(body).post("/v4/linode/instances").then().statusCode(400)
                .extract().jsonPath().getList("errors.field", String.class);

        assertThat(fields).containsExactlyInAnyOrder("region", "type", "label", "root_pass");
    }

    @Test
    void refusesTagsOutsideLinodesThreeToFiftyCharacters() {
        for (String tag : List.of("kubelode-cluster:" + "a".repeat(40) + "-abcde", "ab")) {
            Map<String, Object> body = new java.util.HashMap<>(Sandbox.createBody("tagged-1", host, user));
            body.put("tags", List.of("kubelode", tag));
            api().body(body).post("/v4/linode/instances").then().statusCode(400)
                    .body("errors[0].field", equalTo("tags"))
                    .body("errors[0].reason", equalTo("Length must be 3-50 characters"));
        }
        api().get("/v4/linode/instances").then().body("results", equalTo(0));
    }

    @Test
    void movesFromProvisioningThroughBootingToRunningAndRecordsEvents() {
        long id = Sandbox.create("node-1", host, user).getLong("id");

        await().atMost(Duration.ofSeconds(10)).until(() -> !"provisioning".equals(Sandbox.status(id)));
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(Sandbox.status(id)));

        api().header("X-Filter", "{\"entity.id\": " + id + ", \"action\": \"linode_boot\"}").get("/v4/account/events")
                .then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].status", equalTo("finished"))
                .body("data[0].entity.label", equalTo("node-1"));
        api().header("X-Filter", "{\"entity.id\": " + id + "}").get("/v4/account/events")
                .then().body("data.action", contains("linode_boot", "linode_create"));
    }

    @Test
    void answersLinodeBusyToBootAndRebootUntilRunning() {
        // a slow boot keeps it busy (provisioning, then booting) however slow this machine is
        io.restassured.RestAssured.given().contentType("application/json")
                .body(Map.of("type", "slow-boot", "label_pattern", "busy-1", "delay_ms", 5000))
                .post("/sandbox/faults").then().statusCode(201);
        long id = Sandbox.create("busy-1", host, user).getLong("id");

        api().post("/v4/linode/instances/" + id + "/boot").then().statusCode(400)
                .body("errors[0].reason", equalTo("Linode busy."));
        api().post("/v4/linode/instances/" + id + "/reboot").then().statusCode(400)
                .body("errors[0].reason", equalTo("Linode busy."));
    }

    @Test
    void rebootsARunningInstanceBackToRunning() {
        long id = Sandbox.create("reboot-1", host, user).getLong("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(Sandbox.status(id)));

        api().body("{}").post("/v4/linode/instances/" + id + "/reboot").then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(Sandbox.status(id)));
        api().header("X-Filter", "{\"entity.id\": " + id + ", \"action\": \"linode_reboot\"}").get("/v4/account/events")
                .then().body("data", hasSize(1)).body("data[0].status", equalTo("finished"));
    }

    @Test
    void deletesAndFreesTheLabel() {
        long id = Sandbox.create("gone-1", host, user).getLong("id");

        api().delete("/v4/linode/instances/" + id).then().statusCode(200);

        api().get("/v4/linode/instances/" + id).then().statusCode(404).body("errors[0].reason", equalTo("Not found"));
        api().delete("/v4/linode/instances/" + id).then().statusCode(404);
        Sandbox.create("gone-1", host, user);
    }

    @Test
    void filtersByLabelAndTagsWithAndOr() {
        Sandbox.create("alpha-1", host, user);
        Sandbox.create("alpha-2", host, user);
        Sandbox.create("beta-1", host, user);

        api().header("X-Filter", "{\"label\": \"alpha-2\"}").get("/v4/linode/instances")
                .then().body("results", equalTo(1)).body("data[0].label", equalTo("alpha-2"));
        api().header("X-Filter", "{\"tags\": \"kl:alpha\"}").get("/v4/linode/instances")
                .then().body("results", equalTo(2)).body("data.label", contains("alpha-1", "alpha-2"));
        api().header("X-Filter", "{\"+or\": [{\"label\": \"alpha-1\"}, {\"label\": \"beta-1\"}]}")
                .get("/v4/linode/instances").then().body("data.label", contains("alpha-1", "beta-1"));
        api().header("X-Filter", "{\"+and\": [{\"tags\": \"kubelode\"}, {\"label\": {\"+contains\": \"beta\"}}],"
                        + " \"+order_by\": \"label\", \"+order\": \"desc\"}")
                .get("/v4/linode/instances").then().body("data.label", contains("beta-1"));
        api().header("X-Filter", "{\"tags\": \"kubelode\", \"+order_by\": \"label\", \"+order\": \"desc\"}")
                .get("/v4/linode/instances").then().body("data.label", contains("beta-1", "alpha-2", "alpha-1"));
    }

    @Test
    void refusesAFilterThatIsNotJson() {
        Sandbox.apiWrongRequest().header("X-Filter", "{label").get("/v4/linode/instances")
                .then().statusCode(400).body("errors[0].field", equalTo("X-Filter"));
    }

    @Test
    void paginatesInstances() {
        for (int i = 1; i <= 3; i++) {
            Sandbox.create("page-" + i, host, user);
        }
        api().queryParam("page_size", 25).get("/v4/linode/instances")
                .then().body("page", equalTo(1)).body("pages", equalTo(1)).body("results", equalTo(3))
                .body("data", hasSize(3));
        api().queryParam("page", 2).get("/v4/linode/instances")
                .then().statusCode(200).body("page", equalTo(2)).body("data", hasSize(0)).body("results", equalTo(3));
    }

    @Test
    void listsTypesWithPrices() {
        api().get("/v4/linode/types").then().statusCode(200)
                .body("data.id", hasItem("g6-nanode-1"));
        api().get("/v4/linode/types/g6-nanode-1").then().statusCode(200)
                .body("price.monthly", equalTo(5.0f))
                .body("class", equalTo("nanode"));
        api().get("/v4/linode/types/g6-standard-2").then().body("price.monthly", equalTo(24.0f));
        api().get("/v4/linode/types/g6-standard-1").then().body("price.monthly", equalTo(12.0f));
        api().get("/v4/linode/types/g1-nothing").then().statusCode(404);
    }
}
