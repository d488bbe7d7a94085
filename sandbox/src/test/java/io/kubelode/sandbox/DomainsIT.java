package io.kubelode.sandbox;

import static io.kubelode.sandbox.Sandbox.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DomainsIT {

    @BeforeEach
    void reset() {
        Sandbox.reset();
    }

    private static long domain(String name) {
        return api().body(Map.of("domain", name, "type", "master", "soa_email", "admin@" + name, "ttl_sec", 301))
                .post("/v4/domains").then().statusCode(200).extract().jsonPath().getLong("id");
    }

    @Test
    void createsReadsUpdatesAndDeletesADomainRoundingTimesUp() {
        long id = domain("homelab.example");

        api().get("/v4/domains/" + id).then().statusCode(200)
                .body("domain", equalTo("homelab.example"))
                .body("status", equalTo("active"))
                .body("ttl_sec", equalTo(3600))
                .body("refresh_sec", equalTo(0));
        api().body(Map.of("ttl_sec", 5, "refresh_sec", 100000, "description", "kubelode")).put("/v4/domains/" + id)
                .then().statusCode(200)
                .body("ttl_sec", equalTo(30)).body("refresh_sec", equalTo(172800)).body("description", equalTo("kubelode"));
        api().delete("/v4/domains/" + id).then().statusCode(200);
        api().get("/v4/domains/" + id).then().statusCode(404);
    }

    @Test
    void refusesInvalidAndDuplicateDomains() {
        domain("taken.example");

        api().body(Map.of("domain", "taken.example", "type", "master", "soa_email", "a@taken.example"))
                .post("/v4/domains").then().statusCode(400).body("errors[0].field", equalTo("domain"));
        api().body(Map.of("domain", "ok.example", "type", "master"))
                .post("/v4/domains").then().statusCode(400).body("errors[0].field", equalTo("soa_email"));
        Sandbox.apiWrongRequest().body(Map.of("domain", "not a domain", "type", "master", "soa_email", "a@b.example"))
                .post("/v4/domains").then().statusCode(400).body("errors[0].field", equalTo("domain"));
    }

    @Test
    void managesRecords() {
        long id = domain("records.example");

        long a = api().body(Map.of("type", "A", "name", "node-1", "target", "127.78.0.1", "ttl_sec", 400))
                .post("/v4/domains/" + id + "/records").then().statusCode(200)
                .body("ttl_sec", equalTo(300)).body("priority", equalTo(0))
                .extract().jsonPath().getLong("id");
        api().body(Map.of("type", "TXT", "name", "_acme", "target", "token-value"))
                .post("/v4/domains/" + id + "/records").then().statusCode(200);
        api().body(Map.of("type", "A", "name", "bad", "target", "not-an-ip"))
                .post("/v4/domains/" + id + "/records").then().statusCode(400).body("errors[0].field", equalTo("target"));

        api().header("X-Filter", "{\"type\": \"A\"}").get("/v4/domains/" + id + "/records")
                .then().body("data", hasSize(1)).body("data[0].name", equalTo("node-1"));
        api().body(Map.of("target", "127.78.0.9")).put("/v4/domains/" + id + "/records/" + a)
                .then().statusCode(200).body("target", equalTo("127.78.0.9")).body("type", equalTo("A"));
        api().get("/v4/domains/" + id + "/records/" + a).then().body("target", equalTo("127.78.0.9"));
        api().delete("/v4/domains/" + id + "/records/" + a).then().statusCode(200);
        api().get("/v4/domains/" + id + "/records/" + a).then().statusCode(404);
        api().get("/v4/domains/" + id + "/records").then().body("results", equalTo(1));
    }

    @Test
    void paginatesDomains() {
        for (int i = 1; i <= 30; i++) {
            domain(String.format("d%02d.example", i));
        }

        api().queryParam("page_size", 25).get("/v4/domains").then()
                .body("page", equalTo(1)).body("pages", equalTo(2)).body("results", equalTo(30)).body("data", hasSize(25));
        List<String> second = api().queryParam("page", 2).queryParam("page_size", 25).get("/v4/domains").then()
                .body("page", equalTo(2)).body("data", hasSize(5)).extract().jsonPath().getList("data.domain");
        assertThat(second).containsExactly("d26.example", "d27.example", "d28.example", "d29.example", "d30.example");
        Sandbox.apiWrongRequest().queryParam("page_size", 10).get("/v4/domains").then()
                .statusCode(400).body("errors[0].field", equalTo("page_size"));
        api().header("X-Filter", "{\"domain\": \"d07.example\"}").get("/v4/domains")
                .then().body("data.domain", contains("d07.example"));
    }
}
