package io.kubelode.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesRegex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.events.Topics;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.kafka.SharedBroker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The gateway's producer against a real broker, read back by a plain Kafka consumer. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ClusterRequestedOnTheBusIT {

    @Test
    void postedSpecArrivesAsACloudEventKeyedByClusterId() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String yaml = Files.readString(Path.of("../examples/homelab.yaml"));
        String id = given().auth().oauth2(Api.ADMIN).contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8)).post("/clusters")
                .then().statusCode(202)
                .header("Location", matchesRegex(".*/clusters/homelab-[a-z0-9]{5}"))
                .extract().path("id");

        ConsumerRecord<String, String> record = readBack(id);
        assertThat(record.key()).isEqualTo(id);
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_type")).isEqualTo("kubelode.cluster.requested.v1");
        assertThat(header(record, "ce_source")).isEqualTo("/kubelode/gateway");
        assertThat(header(record, "ce_subject")).isEqualTo(id);
        assertThat(header(record, "ce_id")).matches("[0-9a-f-]{36}");
        assertThat(Instant.parse(header(record, "ce_time"))).isBetween(before, Instant.now());
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        JsonNode payload = new ObjectMapper().readTree(record.value());
        assertThat(payload.path("clusterId").asText()).isEqualTo(id);
        assertThat(payload.path("spec").path("domain").asText()).isEqualTo("dyll.in");
        assertThat(payload.path("spec").path("nodes").asInt()).isEqualTo(3);
        assertThat(payload.path("spec").path("apps")).hasSize(6);
    }

    @Test
    void aBadSpecIsAProblemNamingEveryField() {
        given().auth().oauth2(Api.ADMIN).contentType("application/json")
                .body("{\"name\":\"Bad_Name\",\"region\":\"eu-central\",\"nodes\":1,\"domain\":\"dyll.in\"}")
                .post("/clusters")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItems("name", "nodes", "sshKeys"));
    }

    @Test
    void anUnknownFieldOrBrokenYamlIsRefusedWithoutAStackTrace() {
        given().auth().oauth2(Api.ADMIN).contentType("application/json").body("{\"name\":\"x\",\"colour\":\"red\"}").post("/clusters")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("colour"));
        given().auth().oauth2(Api.ADMIN).contentType("application/yaml").body("name: \"unterminated".getBytes(StandardCharsets.UTF_8)).post("/clusters")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", matchesRegex("YAML syntax error.*"));
        given().auth().oauth2(Api.ADMIN).contentType("application/json").body("{\"apps\":[\"wordpress\"]}").post("/clusters")
                .then().statusCode(400).body("errors[0].field", equalTo("apps[0]"))
                .body("errors[0].message", matchesRegex(".*web, blog, jupyterhub.*"));
    }

    private static ConsumerRecord<String, String> readBack(String id) {
        Map<String, Object> props = Map.of("bootstrap.servers", SharedBroker.get().bootstrapServers(),
                "group.id", "readback-" + id, "auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(Topics.GATEWAY));
            List<ConsumerRecord<String, String>> mine = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (mine.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (id.equals(r.key())) {
                        mine.add(r);
                    }
                });
            }
            assertThat(mine).as("records keyed %s", id).hasSize(1);
            return mine.get(0);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
