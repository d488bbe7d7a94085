package io.kubelode.sandbox;

import static io.kubelode.sandbox.Sandbox.SSH_PORT;
import static io.kubelode.sandbox.Sandbox.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each layer's real host scripts, over real SSH, answered by the instance's host model. */
@QuarkusTest
class HostScriptsIT {
    private static final String CLUSTER = "hs";

    private final KeyPair host = TestKeys.ed25519();
    private final KeyPair user = TestKeys.ed25519();
    private long id;
    private String address;

    @BeforeEach
    void runningInstance() {
        Sandbox.reset();
        JsonPath created = Sandbox.create(CLUSTER + "-1", host, user);
        id = created.getLong("id");
        address = created.getList("ipv4", String.class).get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(Sandbox.status(id)));
    }

    private Ssh.Result run(String script) throws Exception {
        return Ssh.bash(address, SSH_PORT, host.getPublic(), user, script);
    }

    @Test
    void baseRoleChangesOnceAndMakesNoIdRange() throws Exception {
        Ssh.Result first = run(LayerScripts.baseRole());
        Ssh.Result second = run(LayerScripts.baseRole());

        assertThat(first.exit()).isZero();
        assertThat(first.stdout().strip()).isEqualTo("kubelode:changed");
        assertThat(first.stderr()).contains("base-role: installed curl");
        assertThat(second.stdout().strip()).isEqualTo("kubelode:unchanged");
        assertThat(second.stderr()).isEmpty();
        JsonPath view = given().get("/sandbox/instances/" + id + "/host").then().statusCode(200).extract().jsonPath();
        assertThat(view.getList("subids.subuid", String.class)).isEmpty();
    }

    @Test
    void lxdHostDelegatesTheContainersRangesToRootAndReportsWhatTheLxcLayerReads() throws Exception {
        run(LayerScripts.baseRole());
        Ssh.Result first = run(LayerScripts.lxc("lxd-host.sh", CLUSTER, 1));
        Ssh.Result second = run(LayerScripts.lxc("lxd-host.sh", CLUSTER, 1));

        assertThat(first.exit()).isZero();
        assertThat(first.stderr()).contains("lxd-host: delegated the worker range 1010000000+10000000 in /etc/subgid to root");
        assertThat(facts(first)).containsEntry("selinux", "disabled").containsEntry("cgroup", "cgroup2fs")
                .containsEntry("module.overlay", "present").containsEntry("module.br_netfilter", "present")
                .containsEntry("sysctls", "ok").containsEntry("lxd", "5.0.2")
                .containsEntry("range.master.subuid", "1000000000:10000000")
                .containsEntry("range.worker.subgid", "1010000000:10000000");
        assertThat(marker(first)).isEqualTo("kubelode:changed");
        assertThat(first.stderr()).contains("lxd-host: initialised LXD: pool kubelode, bridge kubelode0 10.100.1.1/24");
        assertThat(marker(second)).isEqualTo("kubelode:unchanged");
        assertThat(facts(second)).isEqualTo(facts(first));
        JsonPath view = given().get("/sandbox/instances/" + id + "/host").then().statusCode(200).extract().jsonPath();
        assertThat(view.getList("subids.subgid", String.class))
                .containsExactly("_lxd:100000:10000001", "root:100000:10000001", "root:1000000000:10000000",
                        "root:1010000000:10000000");
    }

    @Test
    void containersReportMapsTheLxcLayerAcceptsAndARerunChangesNothing() throws Exception {
        run(LayerScripts.baseRole());
        Ssh.Result before = run(LayerScripts.lxc("lxd-containers.sh", CLUSTER, 1));
        run(LayerScripts.lxc("lxd-host.sh", CLUSTER, 1));
        Ssh.Result first = run(LayerScripts.lxc("lxd-containers.sh", CLUSTER, 1));
        Ssh.Result second = run(LayerScripts.lxc("lxd-containers.sh", CLUSTER, 1));

        assertThat(before.exit()).isEqualTo(127);
        assertThat(first.exit()).isZero();
        Map<String, String> facts = facts(first);
        assertThat(facts).containsEntry("selinux", "disabled")
                .containsEntry("idmap.hs-1-master", "1000000000:10000000")
                .containsEntry("uid_map.hs-1-master", "0:1000000000:10000000")
                .containsEntry("idmap.hs-1-worker", "1010000000:10000000")
                .containsEntry("uid_map.hs-1-worker", "0:1010000000:10000000");
        assertThat(marker(first)).isEqualTo("kubelode:changed");
        assertThat(marker(second)).isEqualTo("kubelode:unchanged");
        assertThat(facts(second)).isEqualTo(facts);
        given().get("/sandbox/instances/" + id + "/host").then().statusCode(200)
                .body("containers.address", org.hamcrest.Matchers.contains("10.100.1.2", "10.100.1.3"));
    }

    @Test
    void releaseRemovesTheContainersSoK8sScriptsCannotAttachAndASecondReleaseChangesNothing() throws Exception {
        lxcReady();
        Ssh.Result prepared = run(LayerScripts.prepare("hs-1-worker"));
        Ssh.Result release = run(LayerScripts.lxc("lxd-release.sh", CLUSTER, 1));
        Ssh.Result again = run(LayerScripts.lxc("lxd-release.sh", CLUSTER, 1));
        Ssh.Result attach = run(LayerScripts.prepare("hs-1-worker"));
        Ssh.Result hostAgain = run(LayerScripts.lxc("lxd-host.sh", CLUSTER, 1));

        assertThat(marker(prepared)).isEqualTo("kubelode:changed");
        assertThat(marker(release)).isEqualTo("kubelode:changed");
        assertThat(release.stderr()).contains("lxd-release: deleted container hs-1-master")
                .contains("lxd-release: deleted profile kubelode-hs").contains("lxd-release: deleted network kubelode0");
        assertThat(marker(again)).isEqualTo("kubelode:unchanged");
        assertThat(attach.exit()).isEqualTo(1);
        assertThat(attach.stderr()).contains("kubelode: no container hs-1-worker on this host");
        assertThat(marker(hostAgain)).as("the bridge and profile come back").isEqualTo("kubelode:changed");
    }

    @Test
    void theMeshIsAppliedOnceRoutedViaTheContainersAndRemovedByItsCompensation() throws Exception {
        lxcReady();
        String apply = LayerScripts.meshApply(CLUSTER, 1, "10.99.0.1/24", "peerkey2",
                "10.244.1.0/24", "10.100.1.2", "10.244.2.0/24", "10.100.1.3");
        assertThat(bashSyntax(apply)).isEmpty();
        Ssh.Result first = run(apply);
        Ssh.Result second = run(apply);
        Ssh.Result moved = run(LayerScripts.meshApply(CLUSTER, 1, "10.99.0.1/24", "peerkey3",
                "10.244.1.0/24", "10.100.1.2"));
        Ssh.Result removed = run(LayerScripts.meshRemove());
        Ssh.Result removedAgain = run(LayerScripts.meshRemove());
        Ssh.Result offBridge = run(LayerScripts.meshApply(CLUSTER, 1, "10.99.0.1/24", "peerkey2",
                "10.244.1.0/24", "10.100.7.2"));

        assertThat(first.stdout().strip()).isEqualTo("kubelode:changed");
        assertThat(first.stderr()).contains("kubelode: created kl-mesh", "kubelode: addressed kl-mesh as 10.99.0.1/24",
                "kubelode: routed 10.244.2.0/24", "kubelode: replaced table inet kubelode_mesh");
        assertThat(second.stdout().strip()).isEqualTo("kubelode:unchanged");
        assertThat(second.stderr()).isEmpty();
        assertThat(moved.stdout().strip()).isEqualTo("kubelode:changed");
        assertThat(moved.stderr()).contains("kubelode: configured kl-mesh", "kubelode: removed the route 10.244.2.0/24")
                .doesNotContain("created kl-mesh");
        assertThat(removed.stdout().strip()).isEqualTo("kubelode:changed");
        assertThat(removedAgain.stdout().strip()).isEqualTo("kubelode:unchanged");
        assertThat(offBridge.exit()).isEqualTo(2);
        assertThat(offBridge.stderr()).contains("Nexthop has invalid gateway");
    }

    @Test
    void deletingTheInstanceForgetsItsHost() throws Exception {
        lxcReady();
        given().get("/sandbox/instances/" + id + "/host").then().statusCode(200);

        api().delete("/v4/linode/instances/" + id).then().statusCode(200);

        given().get("/sandbox/instances/" + id + "/host").then().statusCode(404);
    }

    @Test
    void anUnknownScriptStillGetsTheGenericAnswer() throws Exception {
        Ssh.Result first = run("set -euo pipefail\necho hello\n");
        Ssh.Result second = run("set -euo pipefail\necho hello\n");

        assertThat(first.stdout().strip()).isEqualTo("kubelode:changed");
        assertThat(second.stdout().strip()).isEqualTo("kubelode:unchanged");
    }

    private void lxcReady() throws Exception {
        assertThat(run(LayerScripts.baseRole()).exit()).isZero();
        assertThat(run(LayerScripts.lxc("lxd-host.sh", CLUSTER, 1)).exit()).isZero();
        assertThat(run(LayerScripts.lxc("lxd-containers.sh", CLUSTER, 1)).exit()).isZero();
    }

    /** The report line's marker: its first field, before the facts. */
    static String marker(Ssh.Result r) {
        String out = r.stdout().strip();
        return out.substring(out.lastIndexOf('\n') + 1).split("\t")[0];
    }

    static Map<String, String> facts(Ssh.Result r) {
        Map<String, String> facts = new java.util.LinkedHashMap<>();
        String out = r.stdout().strip();
        // the report line: the marker, then every fact after a tab
        Arrays.stream(out.substring(out.lastIndexOf('\n') + 1).split("\t")).skip(1)
                .forEach(kv -> facts.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1)));
        return facts;
    }

    /** The real {@code bash -n}: the rendered script is valid bash (it is never run). */
    static String bashSyntax(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? "" : out;
    }
}
