package io.kubelode.sandbox;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SpecSmokeIT {
    @Test
    void smoke() {
        long t = System.nanoTime();
        LinodeSpec.validator();
        System.err.println("spec load ms " + (System.nanoTime() - t) / 1_000_000);
        given().filter(LinodeSpec.conforms()).auth().oauth2("test-token").contentType("application/json")
                .body("{\"region\":\"us-east\",\"type\":\"g6-nanode-1\",\"image\":\"linode/debian12\",\"label\":\"smoke-1\",\"root_pass\":\"Secret-pass-123\",\"private_ip\":true,\"tags\":[\"a\"]}")
                .post("/v4/linode/instances").then().statusCode(200);
        System.err.println("first ms " + (System.nanoTime() - t) / 1_000_000);
        given().filter(LinodeSpec.conforms()).auth().oauth2("test-token").header("X-Filter", "{\"label\":\"smoke-1\"}")
                .get("/v4/linode/instances").then().statusCode(200);
        given().filter(LinodeSpec.conforms()).auth().oauth2("test-token").get("/v4/account/events").then().statusCode(200);
        given().filter(LinodeSpec.conforms()).get("/v4/linode/types").then().statusCode(200);
        given().filter(LinodeSpec.responseConforms()).get("/v4/linode/instances").then().statusCode(401);
        System.err.println("all ms " + (System.nanoTime() - t) / 1_000_000);
    }
}
