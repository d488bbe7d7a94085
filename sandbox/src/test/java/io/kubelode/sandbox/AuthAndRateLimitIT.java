package io.kubelode.sandbox;

import static io.kubelode.sandbox.Sandbox.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthAndRateLimitIT {
    private final KeyPair host = TestKeys.ed25519();
    private final KeyPair user = TestKeys.ed25519();

    @BeforeEach
    void reset() {
        Sandbox.reset();
    }

    @Test
    void refusesRequestsWithoutAValidToken() {
        given().filter(LinodeSpec.responseConforms()).get("/v4/linode/instances")
                .then().statusCode(401).body("errors[0].reason", equalTo("Invalid Token"));
        given().filter(LinodeSpec.responseConforms()).auth().oauth2("not-a-token").get("/v4/linode/instances")
                .then().statusCode(401).body("errors[0].reason", equalTo("Invalid Token"));
        given().filter(LinodeSpec.responseConforms()).auth().oauth2("not-a-token").get("/v4/domains")
                .then().statusCode(401);
    }

    @Test
    void listsTypesWithoutAToken() {
        given().filter(LinodeSpec.conforms()).get("/v4/linode/types").then().statusCode(200);
    }

    @Test
    void everyResponseCarriesTheRateLimitHeaders() {
        Response response = api().get("/v4/linode/instances");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Integer.parseInt(response.header("X-RateLimit-Limit"))).isEqualTo(800);
        assertThat(Integer.parseInt(response.header("X-RateLimit-Remaining"))).isBetween(0, 799);
        assertThat(Long.parseLong(response.header("X-RateLimit-Reset"))).isGreaterThan(Instant.now().getEpochSecond());
    }

    @Test
    void refusesTheSixthCreateInAWindowWithRetryAfterAndCountsIt() {
        for (int i = 1; i <= 5; i++) {
            Response ok = api().body(Sandbox.createBody("burst-" + i, host, user)).post("/v4/linode/instances");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.header("X-RateLimit-Limit")).isEqualTo("5");
            assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(5 - i));
        }

        Response refused = api().body(Sandbox.createBody("burst-6", host, user)).post("/v4/linode/instances");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.jsonPath().getString("errors[0].reason")).isEqualTo("Too Many Requests");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("5");
        // another token has its own budget, and reads are not creates
        given().filter(LinodeSpec.conforms()).auth().oauth2("other-token").contentType("application/json")
                .body(Sandbox.createBody("burst-6", host, user)).post("/v4/linode/instances").then().statusCode(200);
        api().get("/v4/linode/instances").then().statusCode(200).body("results", equalTo(6));
        given().get("/sandbox/stats").then()
                .body("createsAccepted", equalTo(6))
                .body("createsRefused", equalTo(1))
                .body("rateLimited", equalTo(1))
                .body("liveInstances", equalTo(6))
                .body("requestsByStatus.'429'", equalTo(1))
                .body("requestsByStatus.'200'", notNullValue());
    }
}
