package io.kubelode.provisioner.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.support.ssh.ClusterKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvisioningPlanTest {
    private static final byte[] SECRET = "a-master-secret-of-enough-bytes".getBytes(StandardCharsets.UTF_8);
    private static final String PERSON = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGVJ8n2V8l3k0X0vRkS4z7r2lS3wZlQm3y1q1m1c1h1a me@home";

    private static ClusterSpec spec(int nodes) {
        return new ClusterSpec("homelab", "eu-central", null, null, nodes, "example.org", null, List.of(PERSON),
                null, null, null);
    }

    @Test
    void derivesTheSameKeysAfterARestartAndOtherKeysForAnotherCluster() {
        ClusterKeys a = ClusterKeys.derive(SECRET, "homelab-abcde");
        ClusterKeys again = ClusterKeys.derive(SECRET.clone(), "homelab-abcde");
        ClusterKeys other = ClusterKeys.derive(SECRET, "homelab-fghij");
        assertThat(again.clientKey().fingerprint()).isEqualTo(a.clientKey().fingerprint());
        assertThat(again.hostKey(2).fingerprint()).isEqualTo(a.hostKey(2).fingerprint());
        assertThat(other.clientKey().fingerprint()).isNotEqualTo(a.clientKey().fingerprint());
        assertThat(a.hostKey(1).fingerprint()).isNotEqualTo(a.hostKey(2).fingerprint())
                .isNotEqualTo(a.clientKey().fingerprint());
        assertThat(a.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void plansDeterministicLabelsOwnershipTagsKeysAndAPinnedHostKey() {
        ClusterKeys keys = ClusterKeys.derive(SECRET, "homelab-abcde");
        List<NodePlan> nodes = ProvisioningPlan.nodes("homelab-abcde", spec(3), keys);
        assertThat(nodes).extracting(NodePlan::label).containsExactly("homelab-abcde-1", "homelab-abcde-2",
                "homelab-abcde-3");
        NodePlan two = nodes.get(1);
        assertThat(two.tags()).containsExactly("kubelode", "kubelode-cluster:homelab-abcde");
        assertThat(two.region()).isEqualTo("eu-central");
        assertThat(two.type()).isEqualTo(ClusterSpec.DEFAULT_TYPE);
        assertThat(two.image()).isEqualTo(ClusterSpec.DEFAULT_IMAGE);
        assertThat(two.authorizedKeys()).containsExactly(PERSON, keys.clientKey().publicKeyLine("kubelode@homelab-abcde"));
        assertThat(two.hostKeyFingerprint()).isEqualTo(keys.hostKey(2).fingerprint());
        assertThat(two.cloudConfig()).startsWith("#cloud-config\n")
                .contains("ssh_keys:\n  ed25519_private: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n")
                .contains("  ed25519_public: \"" + two.hostKeyLine() + "\"")
                .contains("ssh_genkeytypes: []");
        assertThat(two.cloudConfig().getBytes(StandardCharsets.UTF_8).length * 4 / 3).isLessThan(65_535);
        assertThat(two.toString()).doesNotContain("PRIVATE").contains(two.hostKeyFingerprint());
    }
}
