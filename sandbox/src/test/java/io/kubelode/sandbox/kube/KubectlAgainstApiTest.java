package io.kubelode.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code kubectl} (.ci/packages) against the sandbox's API: discovery, get, describe, apply. */
class KubectlAgainstApiTest {
    @TempDir
    Path tmp;
    private KubernetesMockServer server;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new HealthzCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (var client = server.createClient()) {
            client.nodes().resource(KubeObjects.node("homelab-1-master", "10.100.1.2", true, "v1.36.1", true)).create();
            client.nodes().resource(KubeObjects.node("homelab-1-worker", "10.100.1.3", false, "v1.36.1", true)).create();
        }
    }

    @AfterEach
    void stop() {
        server.destroy();
    }

    @Test
    void kubectlDiscoversGetsDescribesAndApplies() throws Exception {
        assertThat(kubectl("get", "nodes", "-o", "name")).contains("node/homelab-1-master", "node/homelab-1-worker");
        assertThat(kubectl("get", "nodes")).contains("homelab-1-master", "homelab-1-worker");
        assertThat(kubectl("describe", "node", "homelab-1-master")).contains("node-role.kubernetes.io/control-plane");
        Path cm = tmp.resolve("cm.yaml");
        Files.writeString(cm, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hello\n  namespace: default\n"
                + "data:\n  a: b\n");
        assertThat(kubectl("apply", "--validate=false", "-f", cm.toString())).contains("configmap/hello");
        assertThat(kubectl("get", "configmap", "hello", "-n", "default", "-o", "jsonpath={.data.a}")).isEqualTo("b");
        assertThat(kubectl("api-resources")).contains("deployments", "ingresses", "nodes");
    }

    @Test
    void aMergePatchOfANodesReadyConditionIsWhatKubectlShows() throws Exception {
        // as the kubelet stand-in posts a change of its readiness
        assertThat(kubectl("patch", "node", "homelab-1-worker", "--type", "merge", "-p",
                "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\",\"reason\":\"KubeletNotReady\","
                        + "\"message\":\"container runtime is down\"}]}}")).contains("node/homelab-1-worker patched");
        String ready = "jsonpath={.status.conditions[?(@.type==\"Ready\")].status} {.status.conditions[?(@.type==\"Ready\")].message}";
        assertThat(kubectl("get", "node", "homelab-1-worker", "-o", ready)).isEqualTo("False container runtime is down");
        assertThat(kubectl("get", "node", "homelab-1-master", "-o", ready)).startsWith("True");
        // and kubectl's own table, as kube-apiserver prints nodes
        assertThat(kubectl("get", "nodes").lines().map(l -> l.split("\\s+"))
                .map(c -> c[0] + " " + c[1] + " " + c[2] + " " + c[4]))
                .containsExactly("NAME STATUS ROLES VERSION", "homelab-1-master Ready control-plane v1.36.1",
                        "homelab-1-worker NotReady <none> v1.36.1");
    }

    @Test
    void kubectlAppliesWithValidationAgainAndServerSide() throws Exception {
        Path cm = tmp.resolve("cm.yaml");
        Files.writeString(cm, configMap("hello", "b"));
        assertThat(kubectl("apply", "-f", cm.toString())).isEqualTo("configmap/hello created");
        Files.writeString(cm, configMap("hello", "c"));
        assertThat(kubectl("apply", "-f", cm.toString())).isEqualTo("configmap/hello configured");
        assertThat(kubectl("apply", "-f", cm.toString())).isEqualTo("configmap/hello unchanged");
        assertThat(kubectl("get", "configmap", "hello", "-n", "default", "-o", "jsonpath={.data.a}")).isEqualTo("c");

        Path ssa = tmp.resolve("ssa.yaml");
        Files.writeString(ssa, configMap("server-side", "1"));
        assertThat(kubectl("apply", "--server-side", "-f", ssa.toString())).isEqualTo("configmap/server-side serverside-applied");
        Files.writeString(ssa, configMap("server-side", "2"));
        assertThat(kubectl("apply", "--server-side", "-f", ssa.toString())).isEqualTo("configmap/server-side serverside-applied");
        assertThat(kubectl("get", "configmap", "server-side", "-n", "default", "-o", "jsonpath={.data.a}")).isEqualTo("2");
        assertThat(kubectl("describe", "configmap", "server-side", "-n", "default")).contains("Name:", "server-side");
    }

    private static String configMap(String name, String a) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: default\ndata:\n  a: \"" + a
                + "\"\n";
    }

    private String kubectl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--server", "http://127.0.0.1:" + server.getPort(),
                "--cache-dir", tmp.resolve("cache").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args) + ":\n" + out).isZero();
        return out.strip();
    }
}
