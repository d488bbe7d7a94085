package io.kubelode.provisioner.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.SpecValidator;
import io.kubelode.nodeshell.ssh.ClusterKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
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
        assertThat(two.tags()).containsExactly("kubelode", "kl:homelab-abcde");
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

    /**
     * Linode refuses a tag over 50 characters and a label over 64 (or of another shape): every
     * label and tag of the longest cluster names the gateway accepts, at every node count, fits.
     */
    @Test
    void everyLabelAndTagFitsLinodeForTheLongestValidNames() {
        Pattern label = Pattern.compile("^[a-zA-Z]((?!--|__|\\.\\.)[a-zA-Z0-9-_.])+$"); // the official document's
        for (String name : List.of("a".repeat(SpecValidator.MAX_NAME), "z" + "9".repeat(SpecValidator.MAX_NAME - 1),
                "a-".repeat(SpecValidator.MAX_NAME / 2 - 1) + "bc")) {
            ClusterSpec spec = new ClusterSpec(name, "eu-central", null, null, AddressPlan.MAX_NODES, "example.org",
                    null, List.of(PERSON), null, null, null);
            assertThat(SpecValidator.validate(spec)).as(name).isEmpty();
            String clusterId = name + "-z9z9z";
            List<NodePlan> nodes = ProvisioningPlan.nodes(clusterId, spec, ClusterKeys.derive(SECRET, clusterId),
                    1, AddressPlan.MAX_NODES);
            assertThat(nodes).hasSize(AddressPlan.MAX_NODES).allSatisfy(n -> {
                assertThat(n.label()).hasSizeBetween(3, 64).matches(label).matches(".*[a-zA-Z0-9]");
                assertThat(n.tags()).hasSize(2).allSatisfy(t -> assertThat(t).hasSizeBetween(3, 50));
                assertThat(n.tags()).contains("kl:" + clusterId);
            });
        }
    }
}
