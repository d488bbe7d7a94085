package io.kubelode.sandbox;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers: requests with the test token that must conform to the Linode OpenAPI document. */
public final class Sandbox {
    public static final String TOKEN = "test-token";
    public static final int SSH_PORT = 2222;

    private Sandbox() {}

    /** A request with the token, validated (request and response) against the OpenAPI document. */
    public static RequestSpecification api() {
        return given().filter(LinodeSpec.conforms()).auth().oauth2(TOKEN).contentType("application/json");
    }

    /** For requests that are wrong on purpose: only the response must conform. */
    public static RequestSpecification apiWrongRequest() {
        return given().filter(LinodeSpec.responseConforms()).auth().oauth2(TOKEN).contentType("application/json");
    }

    public static void reset() {
        given().post("/sandbox/reset").then().statusCode(204);
    }

    /** A create body like the provisioner's: image, root_pass, keys, private IP, tags, cloud-config. */
    public static Map<String, Object> createBody(String label, KeyPair hostKey, KeyPair userKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("region", "us-east");
        body.put("type", "g6-standard-1");
        body.put("image", "linode/debian12");
        body.put("label", label);
        body.put("tags", List.of("kubelode", "kl:" + label.replaceAll("-\\d+$", "")));
        body.put("root_pass", "A-long-Random-pass-" + label);
        body.put("private_ip", true);
        body.put("authorized_keys", List.of(TestKeys.publicLine(userKey, "person@test")));
        body.put("metadata", Map.of("user_data", TestKeys.userData(hostKey)));
        return body;
    }

    /** Creates an instance and returns the Linode object. */
    public static JsonPath create(String label, KeyPair hostKey, KeyPair userKey) {
        return api().body(createBody(label, hostKey, userKey)).post("/v4/linode/instances")
                .then().statusCode(200).extract().jsonPath();
    }

    public static String status(long id) {
        return api().get("/v4/linode/instances/" + id).then().statusCode(200).extract().path("status");
    }
}
