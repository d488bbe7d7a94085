package io.kubelode.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.kafka.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and mutated bodies: never a 500, never a stack trace, always problem details. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class MalformedRequestsIT {
    private static final String[] TYPES = {"application/json", "application/yaml", "application/x-yaml", "text/yaml",
        "text/plain", "application/octet-stream", "application/json; charset=ISO-8859-1", "multipart/form-data"};
    private static final String[] NASTY = {"null", "[]", "{}", "\"", "\\u0000", "1e999999", "-1", "99999999999999999999",
        "true", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "&a", "*a", "!!binary",
        "? ", "- ", "\t", "\u00e9\u6f22\ud83d\ude00", "\uFEFF", "<<: *x", "nodes: 0", "nodes: 251", "nodes: -3",
        "lanCidr: 10.100.0.0/8", "lanCidr: 0.0.0.0/0", "lanCidr: 999.1.1.1/24", "region: " + "a".repeat(5000)};

    @Test
    void fuzzedAndMalformedBodiesNeverProduceA500() throws Exception {
        Random random = new Random(20261125L);
        String yaml = Files.readString(Path.of("../examples/homelab.yaml"));
        String json = "{\"name\":\"fz\",\"region\":\"us-east\",\"nodes\":3,\"domain\":\"dyll.in\",\"sshKeys\":"
                + "[\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlpvcg1lQVofvTVFCu4pK5kiC07l4/Ss3ZpxKBbYlZc me@home\"],"
                + "\"homePeer\":{\"endpoint\":\"h.example.org:51820\",\"publicKey\":"
                + "\"xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\",\"lanCidr\":\"192.168.1.0/24\"}}";
        List<String> failures = new ArrayList<>();
        int problems = 0;
        for (int i = 0; i < 250; i++) {
            String base = random.nextBoolean() ? yaml : json;
            byte[] body = mutate(base, random);
            String type = TYPES[random.nextInt(TYPES.length)];
            Response r = given().auth().oauth2(Api.ADMIN).contentType(type).body(body)
                    .queryParam("dryRun", random.nextInt(5) > 0).post("/clusters");
            String text = r.asString();
            if (r.statusCode() >= 500 || text.contains("Exception") || text.contains("\tat ")) {
                failures.add(r.statusCode() + " for " + type + ": " + new String(body, StandardCharsets.UTF_8)
                        .substring(0, Math.min(200, body.length)) + " -> " + text);
            }
            if (r.statusCode() >= 400) {
                problems++;
                assertThat(r.contentType()).as("problem for %s", text).startsWith("application/problem+json");
            }
            if (i % 5 == 0) {
                Response p = given().auth().oauth2(Api.ADMIN).contentType("application/json").body(body)
                        .patch("/clusters/fz-00000");
                if (p.statusCode() >= 500) {
                    failures.add("PATCH " + p.statusCode() + ": " + p.asString());
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(problems).as("most mutations are refused").isGreaterThan(100);
    }

    private static byte[] mutate(String base, Random random) {
        StringBuilder s = new StringBuilder(base);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(s.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(20)));
                case 1 -> s.insert(at, NASTY[random.nextInt(NASTY.length)]);
                case 2 -> s.insert(at, (char) random.nextInt(0x3000));
                case 3 -> {
                    byte[] raw = new byte[1 + random.nextInt(64)];
                    random.nextBytes(raw);
                    return raw;
                }
                case 4 -> s.insert(at, "\n" + NASTY[random.nextInt(NASTY.length)] + "\n");
                default -> s.replace(0, s.length(), s.toString().replace("3", NASTY[random.nextInt(NASTY.length)]));
            }
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
