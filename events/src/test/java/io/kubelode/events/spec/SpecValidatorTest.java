package io.kubelode.events.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
    static final String KEY = SshPublicKeyTest.ED25519 + " me@home";
    static final String WG = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";

    static ClusterSpec valid() {
        return new ClusterSpec("homelab", "eu-central", null, null, null, "dyll.in", null, List.of(KEY),
                new HomePeer("home.dyll.in:51820", WG, "192.168.1.0/24", null), null, null);
    }

    @Test
    void acceptsTheHomelabAndFillsDefaults() {
        ClusterSpec spec = valid();
        assertThat(SpecValidator.validate(spec)).isEmpty();
        assertThat(spec.nodes()).isEqualTo(3);
        assertThat(spec.nodeType()).isEqualTo("g6-standard-2");
        assertThat(spec.overcommitMemory()).isFalse();
        assertThat(spec.image()).isEqualTo("linode/debian12");
        assertThat(spec.apps()).containsExactly(App.values());
        assertThat(spec.homePeer().backupPort()).isEqualTo(873);
        assertThat(spec.hostOf(App.BLOG)).isEqualTo("blog.dyll.in");
    }

    @Test
    void namesEveryBadFieldAtOnce() {
        ClusterSpec spec = new ClusterSpec("Home_Lab", "Frankfurt", "nano", "debian", 2, "localhost",
                Arrays.asList(App.WEB, null, App.WEB), List.of("not a key"),
                new HomePeer("home", "short", "192.168.200.0/24", 70000), "1.20.0", null);
        assertThat(SpecValidator.validate(spec)).extracting(FieldViolation::field).containsExactly(
                "name", "region", "nodeType", "image", "nodes", "domain", "apps[1]", "apps[2]", "sshKeys[0]",
                "kubernetesVersion", "homePeer.endpoint", "homePeer.publicKey", "homePeer.lanCidr",
                "homePeer.backupPort");
    }

    @Test
    void refusesNamesLinodeLabelsCannotCarry() {
        for (String bad : new String[] {"1lab", "home--lab", "-lab", "lab-", "x".repeat(41)}) {
            ClusterSpec spec = new ClusterSpec(bad, "eu-central", null, null, null, "dyll.in", null, List.of(KEY),
                    null, null, null);
            assertThat(SpecValidator.validate(spec)).as(bad).extracting(FieldViolation::field).containsExactly("name");
        }
    }

    @Test
    void saysWhatIsMissing() {
        ClusterSpec spec = new ClusterSpec(null, null, null, null, null, null, null, null, null, null, null);
        assertThat(SpecValidator.validate(spec)).extracting(FieldViolation::field)
                .containsExactly("name", "region", "domain", "sshKeys");
        assertThat(SpecValidator.validate(spec).get(0).message()).contains("is required");
    }

    @Test
    void namesTheBadSshKeyAndSaysWhy() {
        ClusterSpec spec = new ClusterSpec("homelab", "eu-central", null, null, null, "dyll.in", null,
                List.of(KEY, SshPublicKeyTest.RSA_1024 + " old@laptop", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 me",
                        SshPublicKeyTest.P256), null, null, null);
        assertThat(SpecValidator.validate(spec)).extracting(FieldViolation::field)
                .containsExactly("sshKeys[1]", "sshKeys[2]");
        assertThat(SpecValidator.validate(spec).get(0).message()).startsWith("must be an OpenSSH public key line")
                .endsWith("but is an RSA key of 1024 bits; RSA keys need at least 2048 bits (or use an ed25519 key)");
        assertThat(SpecValidator.validate(spec).get(1).message()).contains("ends before the ed25519 key");
    }

    @Test
    void takesKubernetesVersionsAsMajorMinorPatchDigitsOnlyAndSuggestsTheFix() {
        for (String good : new String[] {"1.35.0", "1.36.1", "1.37.10", ClusterSpec.DEFAULT_KUBERNETES}) {
            assertThat(SpecValidator.validate(withVersion(good))).as(good).isEmpty();
        }
        assertThat(versionProblem("v1.36.1")).isEqualTo("must be a Kubernetes release as MAJOR.MINOR.PATCH, digits"
                + " only, such as " + ClusterSpec.DEFAULT_KUBERNETES + ", was 'v1.36.1': write 1.36.1, without the v");
        assertThat(versionProblem("V1.35.0")).endsWith(": write 1.35.0, without the V");
        assertThat(versionProblem(" 1.36.1")).endsWith(": write 1.36.1, without the surrounding spaces");
        for (String bad : new String[] {"1.36", "1.36.1.1", "1.36.x", "1.36.1-rc.0", "1.36.1+k3s1", "01.36.1",
            "1.036.1", "1.36.01", "latest", "", "vv1.36.1"}) {
            assertThat(versionProblem(bad)).as(bad).startsWith("must be a Kubernetes release as MAJOR.MINOR.PATCH")
                    .doesNotContain("write");
        }
    }

    @Test
    void refusesMinorsUpstreamNoLongerPatches() {
        assertThat(SpecValidator.MIN_K8S_MINOR).isEqualTo(35);
        for (String old : new String[] {"1.34.9", "1.31.4", "1.30.9", "0.35.0", "2.0.0"}) {
            assertThat(versionProblem(old)).as(old).isEqualTo("must be 1.35 or a newer 1.x release (older minors no"
                    + " longer get security fixes), was '" + old + "'");
        }
        assertThat(ClusterSpec.DEFAULT_KUBERNETES).matches("1\\.(\\d+)\\.\\d+");
        int defaultMinor = Integer.parseInt(ClusterSpec.DEFAULT_KUBERNETES.split("\\.")[1]);
        assertThat(defaultMinor).isGreaterThanOrEqualTo(SpecValidator.MIN_K8S_MINOR);
    }

    private static ClusterSpec withVersion(String version) {
        return new ClusterSpec("homelab", "eu-central", null, null, null, "dyll.in", null, List.of(KEY), null,
                version, null);
    }

    private static String versionProblem(String version) {
        List<FieldViolation> out = SpecValidator.validate(withVersion(version));
        assertThat(out).as(version).extracting(FieldViolation::field).containsExactly("kubernetesVersion");
        return out.get(0).message();
    }

    @Test
    void rejectsUnknownAppsWithTheCatalog() {
        try {
            App.of("wordpress");
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageContaining("web, blog, jupyterhub, kubeflow, nextcloud, gitea");
            return;
        }
        throw new AssertionError("wordpress accepted");
    }
}
