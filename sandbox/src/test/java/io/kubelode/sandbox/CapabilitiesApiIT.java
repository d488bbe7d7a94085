package io.kubelode.sandbox;

import static io.kubelode.sandbox.Sandbox.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The regions and images kubelode's preflight reads, with their capabilities, per the official
 * document; a region without Metadata and an image without cloud-init refuse user data.
 */
@QuarkusTest
class CapabilitiesApiIT {
    private final KeyPair host = TestKeys.ed25519();
    private final KeyPair user = TestKeys.ed25519();

    @BeforeEach
    void reset() {
        Sandbox.reset();
    }

    @Test
    void listsRegionsWithTheirCapabilities() {
        api().get("/v4/regions").then().statusCode(200)
                .body("data.id", hasItems("us-east", "eu-central", "us-southeast"))
                .body("data.find { it.id == 'us-east' }.capabilities", hasItems("Linodes", "Metadata"))
                .body("data.find { it.id == 'us-southeast' }.capabilities", not(hasItem("Metadata")));
        api().get("/v4/regions/eu-central").then().statusCode(200)
                .body("id", equalTo("eu-central")).body("status", equalTo("ok"))
                .body("capabilities", hasItems("Linodes", "Metadata"));
        api().get("/v4/regions/us-southeast").then().statusCode(200)
                .body("capabilities", hasItem("Linodes")).body("capabilities", not(hasItem("Metadata")));
        Sandbox.apiWrongRequest().get("/v4/regions/mars-north").then().statusCode(404)
                .body("errors[0].reason", equalTo("Not found"));
    }

    @Test
    void servesImagesWithTheirCapabilitiesByTheirIdWithItsSlash() {
        api().get("/v4/images").then().statusCode(200)
                .body("data.id", hasItems("linode/debian12", "linode/alpine3.19"));
        api().get("/v4/images/linode/debian12").then().statusCode(200)
                .body("id", equalTo("linode/debian12")).body("is_public", equalTo(true))
                .body("capabilities", hasItem("cloud-init"));
        api().get("/v4/images/linode/alpine3.19").then().statusCode(200)
                .body("capabilities", not(hasItem("cloud-init")));
        Sandbox.apiWrongRequest().get("/v4/images/linode/plan9").then().statusCode(404);
    }

    @Test
    void refusesUserDataWhereNoMetadataServiceOrNoCloudInitWouldReadIt() {
        Map<String, Object> noMetadata = Sandbox.createBody("nometa-1", host, user);
        noMetadata.put("region", "us-southeast");
        Sandbox.apiWrongRequest().body(noMetadata).post("/v4/linode/instances").then().statusCode(400)
                .body("errors[0].field", equalTo("metadata.user_data"))
                .body("errors[0].reason", equalTo("Metadata is not available in this region"));
        Map<String, Object> alpine = Sandbox.createBody("alpine-1", host, user);
        alpine.put("image", "linode/alpine3.19");
        Sandbox.apiWrongRequest().body(alpine).post("/v4/linode/instances").then().statusCode(400)
                .body("errors[0].field", equalTo("metadata.user_data"))
                .body("errors[0].reason", equalTo("The image does not support cloud-init"));
        Map<String, Object> unknown = Sandbox.createBody("unknown-1", host, user);
        unknown.put("image", "linode/plan9");
        Sandbox.apiWrongRequest().body(unknown).post("/v4/linode/instances").then().statusCode(400)
                .body("errors[0].field", equalTo("image"));
        api().get("/v4/linode/instances").then().body("results", equalTo(0));
    }
}
