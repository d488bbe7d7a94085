package io.kubelode.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.startsWith;

import io.kubelode.kafka.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The plan checked against the sandbox standing in for Linode (GET /regions, /images, /linode/types):
 * the example fits and is priced from Linode's types, Nanodes are refused naming the smallest type
 * that fits, a region without Metadata and an image without cloud-init are refused, and nothing is
 * published for any refused spec.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = SandboxLinode.class, restrictToAnnotatedClass = true)
class PreflightIT {

    private static String homelab() throws Exception {
        return Files.readString(Path.of("../examples/homelab.yaml"));
    }

    private static ValidatableResponse post(String yaml, boolean dryRun) {
        return given().auth().oauth2(Api.ADMIN).contentType("application/yaml")
                .body(yaml.getBytes(StandardCharsets.UTF_8)).queryParam("dryRun", dryRun).post("/clusters").then()
                .log().ifValidationFails();
    }

    private static int clusters() {
        return given().auth().oauth2(Api.READER).get("/clusters").then().statusCode(200).extract().path("size()");
    }

    @Test
    void theExampleFitsAndIsPricedFromLinodesTypes() throws Exception {
        post(homelab(), true).statusCode(200)
                .body("instances[0].type", equalTo("g6-standard-2"))
                .body("cost.perNode", equalTo(24.0f))
                .body("cost.monthly", equalTo(72.0f))
                .body("cost.priceSource", equalTo("GET /linode/types at " + SandboxLinode.apiUrl()))
                .body("preflight.checked", equalTo(true))
                .body("preflight.fits", equalTo(true))
                .body("preflight.memory.perInstanceMiB", equalTo(2660))
                .body("preflight.memory.requestsMiB", equalTo(1466))
                .body("preflight.verdict", startsWith("3 x g6-standard-2 (4096 MiB): the apps request 1466 MiB"));
    }

    @Test
    void nanodesAreRefusedNamingTheSmallestTypeThatFitsAndItsCostAndNothingIsPublished() throws Exception {
        String nanodes = homelab().replaceFirst("(?m)^nodeType: .*$", "nodeType: g6-nanode-1");
        int before = clusters();
        for (boolean dryRun : new boolean[] {true, false}) {
            post(nanodes, dryRun).statusCode(422).contentType("application/problem+json")
                    .body("type", matchesRegex(".*/does-not-fit"))
                    .body("smallestFit.id", equalTo("g6-standard-2"))
                    .body("smallestFit.monthly", equalTo(24.0f))
                    .body("errors[0].field", equalTo("nodeType"))
                    .body("detail", containsString("g6-nanode-1 (1024 MiB) is too small"))
                    .body("detail", containsString("the smallest type that fits is g6-standard-2 (Linode 4GB,"
                            + " 4096 MiB) at 24.00 USD/month each, 72.00 USD/month for 3"))
                    .body("detail", containsString("overcommitMemory: true"));
        }
        assertThat(clusters()).isEqualTo(before);
    }

    @Test
    void overcommitMemoryPlansAnUndersizedTypeAndSaysItDoesNotFit() throws Exception {
        String forced = homelab().replaceFirst("(?m)^nodeType: .*$", "nodeType: g6-nanode-1")
                + "overcommitMemory: true\n";
        post(forced, true).statusCode(200)
                .body("spec.overcommitMemory", equalTo(true))
                .body("preflight.fits", equalTo(false))
                .body("preflight.overcommitMemory", equalTo(true))
                .body("cost.monthly", equalTo(15.0f));
    }

    @Test
    void aRegionWithoutMetadataAndAnImageWithoutCloudInitAreRefusedBeforeAnyCreate() throws Exception {
        int before = clusters();
        for (boolean dryRun : new boolean[] {true, false}) {
            post(homelab().replaceFirst("(?m)^region: .*$", "region: us-southeast"), dryRun).statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", matchesRegex(".*/linode-refuses-spec"))
                    .body("errors[0].field", equalTo("region"))
                    .body("errors[0].message", containsString("does not offer the 'Metadata' capability"));
            post(homelab().replaceFirst("(?m)^image: .*$", "image: linode/alpine3.19"), dryRun).statusCode(400)
                    .body("errors[0].field", equalTo("image"))
                    .body("errors[0].message", containsString("does not offer the 'cloud-init' capability"));
            post(homelab().replaceFirst("(?m)^nodeType: .*$", "nodeType: g6-giant-99"), dryRun).statusCode(400)
                    .body("errors[0].field", equalTo("nodeType"))
                    .body("errors[0].message", startsWith("Linode has no type 'g6-giant-99'"));
            post(homelab().replaceFirst("(?m)^region: .*$", "region: zz-north"), dryRun).statusCode(400)
                    .body("errors[0].field", equalTo("region"))
                    .body("errors[0].message", equalTo("Linode has no region 'zz-north'"));
        }
        assertThat(clusters()).isEqualTo(before);
    }
}
