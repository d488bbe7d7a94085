package io.kubelode.k8s.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The kubeadm documents for the homelab, per Kubernetes version, against golden files in
 * {@code src/test/resources/golden/<minor>/}. Regenerate with {@code -Dgolden.write=true} only
 * for an intended change, and review the diff.
 */
class KubeadmGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    @ParameterizedTest
    @ValueSource(strings = {"1.35.1", Fixtures.VERSION})
    void documentsEqualTheGoldenFiles(String version) throws IOException {
        ClusterLayout layout = Fixtures.layout(version, 3);
        KubeadmPlanner planner = new KubeadmPlanner(layout, Fixtures.SECRETS);
        Map<String, String> rendered = new LinkedHashMap<>();
        rendered.put("init-node1.yaml", Yaml.writeAll(planner.initDocuments()));
        rendered.put("join-control-plane-node2.yaml", Yaml.write(planner.controlPlaneJoin(2)));
        rendered.put("join-worker-node3.yaml", Yaml.write(planner.workerJoin(3)));
        rendered.put("kube-apiserver+json-node2.yaml", Yaml.write(planner.apiServerPatch(2)));
        rendered.put("haproxy.cfg", LocalApiBalancer.of(layout).render());
        rendered.put("cni-node1-worker.conflist", CniConfig.forPodRange(layout.plan().node(1).workerPodCidr()).render());
        Path dir = GOLDEN.resolve(layout.minor());
        for (var e : rendered.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (Boolean.getBoolean("golden.write")) {
                Files.createDirectories(dir);
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            }
            assertThat(e.getValue()).as(file.toString()).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        }
    }

    @Test
    void numbersComeFromTheAddressPlan() throws IOException {
        ClusterLayout layout = Fixtures.layout(Fixtures.VERSION, 3);
        var plan = layout.plan();
        JsonNode cluster = Yaml.MAPPER.readTree(Yaml.write(new KubeadmPlanner(layout, Fixtures.SECRETS)
                .clusterConfiguration()));
        assertThat(cluster.at("/networking/podSubnet").asText()).isEqualTo(plan.clusterCidr());
        assertThat(cluster.at("/networking/serviceSubnet").asText()).isEqualTo(plan.serviceCidr());
        assertThat(cluster.at("/apiVersion").asText()).isEqualTo("kubeadm.k8s.io/v1beta4");
        assertThat(cluster.at("/kubernetesVersion").asText()).isEqualTo("v" + Fixtures.VERSION);
        assertThat(cluster.at("/controlPlaneEndpoint").asText()).isEqualTo("api.homelab.kubelode.internal:7443");
        assertThat(cluster.at("/apiServer/certSANs").toString()).contains(plan.kubernetesServiceAddress(),
                plan.node(3).masterAddress(), "203.0.113.13");
        JsonNode kubelet = Yaml.MAPPER.readTree(Yaml.write(new KubeadmPlanner(layout, Fixtures.SECRETS).kubelet()));
        assertThat(kubelet.at("/featureGates/KubeletInUserNamespace").asBoolean()).isTrue();
        assertThat(kubelet.at("/clusterDNS/0").asText()).isEqualTo(plan.clusterDnsAddress());
        assertThat(LocalApiBalancer.of(layout).render()).contains(plan.node(1).masterAddress() + ":6443",
                plan.node(2).masterAddress() + ":6443", plan.node(3).masterAddress() + ":6443");
    }

    @Test
    void refusesAVersionWhoseKubeadmCannotReadV1beta4() {
        assertThatThrownBy(() -> Fixtures.layout("1.30.6", 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.31.0 or later");
    }
}
