package io.kubelode.sandbox;

import static io.kubelode.sandbox.Sandbox.SSH_PORT;
import static io.kubelode.sandbox.Sandbox.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SshIT {
    private static final String SCRIPT = "#!/usr/bin/env bash\nset -euo pipefail\nuseradd -m k8-master || true\necho kubelode:changed\n";

    private final KeyPair host = TestKeys.ed25519();
    private final KeyPair user = TestKeys.ed25519();
    private long id;
    private String address;

    @BeforeEach
    void runningInstance() {
        Sandbox.reset();
        JsonPath created = Sandbox.create("ssh-1", host, user);
        id = created.getLong("id");
        address = created.getList("ipv4", String.class).get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(Sandbox.status(id)));
    }

    @Test
    void runsAScriptWithThePinnedHostKeyAndReportsChangedThenUnchanged() throws Exception {
        Ssh.Result first = Ssh.bash(address, SSH_PORT, host.getPublic(), user, SCRIPT);
        Ssh.Result second = Ssh.bash(address, SSH_PORT, host.getPublic(), user, SCRIPT);

        assertThat(first.exit()).isZero();
        assertThat(first.stdout().strip()).endsWith("kubelode:changed");
        assertThat(second.exit()).isZero();
        assertThat(second.stdout().strip()).endsWith("kubelode:unchanged");
    }

    @Test
    void recordsEveryCommandWithItsScriptAndOutcome() throws Exception {
        Ssh.bash(address, SSH_PORT, host.getPublic(), user, SCRIPT);
        Ssh.bash(address, SSH_PORT, host.getPublic(), user, SCRIPT);

        List<Map<String, Object>> records = given().get("/sandbox/instances/" + id + "/commands")
                .then().statusCode(200).extract().jsonPath().getList("$");

        assertThat(records).hasSize(2);
        assertThat(records.get(0)).containsEntry("command", "bash -s")
                .containsEntry("script", SCRIPT)
                .containsEntry("firstLine", "set -euo pipefail")
                .containsEntry("exitStatus", 0)
                .containsEntry("outcome", "changed");
        assertThat((String) records.get(0).get("sha256")).hasSize(64);
        assertThat(records.get(1)).containsEntry("outcome", "unchanged");
        given().get("/sandbox/instances/999/commands").then().statusCode(404);
    }

    @Test
    void refusesAKeyThatIsNotAuthorized() {
        KeyPair stranger = TestKeys.ed25519();

        assertThatThrownBy(() -> Ssh.bash(address, SSH_PORT, host.getPublic(), stranger, SCRIPT))
                .hasMessageContaining("No more authentication methods available");
        given().get("/sandbox/instances/" + id + "/commands").then().body("size()", equalTo(0));
    }

    @Test
    void presentsTheHostKeyFromUserDataSoAnotherPinFails() {
        KeyPair otherHost = TestKeys.ed25519();

        assertThatThrownBy(() -> Ssh.bash(address, SSH_PORT, otherHost.getPublic(), user, SCRIPT))
                .hasMessageContaining("Server key did not validate");
    }

    @Test
    void failsCommandsThatMatchAFault() throws Exception {
        given().contentType("application/json")
                .body(Map.of("type", "fail-commands", "label_pattern", "ssh-\\d+", "command_pattern", "useradd",
                        "exit_status", 9, "stderr", "useradd: cannot lock /etc/passwd\n"))
                .post("/sandbox/faults").then().statusCode(201);

        Ssh.Result failed = Ssh.bash(address, SSH_PORT, host.getPublic(), user, SCRIPT);
        Ssh.Result other = Ssh.bash(address, SSH_PORT, host.getPublic(), user, "set -euo pipefail\necho hi\n");

        assertThat(failed.exit()).isEqualTo(9);
        assertThat(failed.stderr()).isEqualTo("useradd: cannot lock /etc/passwd\n");
        assertThat(other.exit()).isZero();
        given().get("/sandbox/instances/" + id + "/commands").then()
                .body("[0].outcome", equalTo("failed")).body("[0].exitStatus", equalTo(9));
    }

    @Test
    void slowsAndDropsScriptsByTheirDeclaredNameAsTheRealMachinesGateDoes() throws Exception {
        String named = "#!/usr/bin/env bash\n# kubelode: probe.sh\nset -euo pipefail\necho kubelode:changed\n";
        given().contentType("application/json").body(Map.of("type", "slow-commands", "label_pattern", "ssh-\\d+",
                "command_pattern", "^probe\\.sh$", "delay_ms", 1500, "count", 1)).post("/sandbox/faults")
                .then().statusCode(201);
        long start = System.nanoTime();
        Ssh.Result slow = Ssh.bash(address, SSH_PORT, host.getPublic(), user, named);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(slow.exit()).isZero();
        assertThat(slow.stdout().strip()).endsWith("kubelode:changed");

        given().contentType("application/json").body(Map.of("type", "drop-commands", "label_pattern", "ssh-\\d+",
                "command_pattern", "^probe\\.sh$", "count", 1)).post("/sandbox/faults").then().statusCode(201);
        Ssh.Result dropped = Ssh.bash(address, SSH_PORT, host.getPublic(), user, named);
        assertThat(dropped.exit()).as("no exit status: the connection went").isEqualTo(-1);
        assertThat(dropped.stdout()).isEmpty();
        // the fault wore off: the next connection runs it
        assertThat(Ssh.bash(address, SSH_PORT, host.getPublic(), user, named).exit()).isZero();
        given().get("/sandbox/instances/" + id + "/commands").then().body("outcome", contains("changed", "dropped",
                "unchanged"));
        given().contentType("application/json").body(Map.of("type", "slow-commands")).post("/sandbox/faults")
                .then().statusCode(400);
    }

    @Test
    void deletingTheInstanceClosesItsSshServerAndKeepsItsRecords() throws Exception {
        Ssh.bash(address, SSH_PORT, host.getPublic(), user, SCRIPT);
        assertThat(listening(address)).isTrue();

        api().delete("/v4/linode/instances/" + id).then().statusCode(200);

        assertThat(listening(address)).isFalse();
        given().get("/sandbox/instances/" + id + "/commands").then().statusCode(200).body("size()", equalTo(1));
    }

    @Test
    void treatsAnyOtherCommandLineAsTheScript() throws Exception {
        Ssh.Result result = Ssh.exec(address, SSH_PORT, host.getPublic(), user, "hostname", "");

        assertThat(result.exit()).isZero();
        given().get("/sandbox/instances/" + id + "/commands").then()
                .body("[0].command", equalTo("hostname")).body("[0].script", equalTo("hostname"));
    }

    private static boolean listening(String address) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, SSH_PORT), 2000);
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }
}
