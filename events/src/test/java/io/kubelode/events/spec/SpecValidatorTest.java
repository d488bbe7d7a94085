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
        for (String good : new String[] {"1.31.4", "1.31.0", "1.32.10"}) {
            assertThat(SpecValidator.validate(withVersion(good))).as(good).isEmpty();
        }
        assertThat(versionProblem("v1.31.4")).isEqualTo("must be a Kubernetes release as MAJOR.MINOR.PATCH, digits"
                + " only, such as " + ClusterSpec.DEFAULT_KUBERNETES + ", was 'v1.31.4': write 1.31.4, without the v");
        assertThat(versionProblem("V1.32.0")).endsWith(": write 1.32.0, without the V");
        assertThat(versionProblem(" 1.31.4")).endsWith(": write 1.31.4, without the surrounding spaces");
        for (String bad : new String[] {"1.31", "1.31.4.1", "1.31.x", "1.31.4-rc.0", "1.31.4+k3s1", "01.31.4",
            "1.031.4", "1.31.04", "latest", "", "vv1.31.4"}) {
            assertThat(versionProblem(bad)).as(bad).startsWith("must be a Kubernetes release as MAJOR.MINOR.PATCH")
                    .doesNotContain("write");
        }
        assertThat(versionProblem("1.30.9")).startsWith("must be 1.31 or a newer 1.x release");
        assertThat(versionProblem("2.0.0")).startsWith("must be 1.31 or a newer 1.x release");
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
