package io.kubelode.k8s.plan.scripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PackageSourceTest {
    @Test
    void upstreamIsKubernetesOwnRepositoryOfTheMinor() {
        assertThat(new PackageSource(PackageSource.CONTAINERD, PackageSource.UPSTREAM).repositoryFor("1.32"))
                .isEqualTo("https://pkgs.k8s.io/core:/stable:/v1.32/deb/");
    }

    @Test
    void aRepositoryThatIsNoUrlOrLacksTheMinorIsRefused() {
        assertThatThrownBy(() -> new PackageSource(PackageSource.CONTAINERD, "http://10.0.0.1/k8s/")).hasMessageContaining("{minor}");
        assertThatThrownBy(() -> new PackageSource(PackageSource.CONTAINERD, "ftp://x/{minor}/")).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> new PackageSource(PackageSource.CONTAINERD, "http://x/{minor}")).hasMessageContaining("ending in /");
        assertThatThrownBy(() -> new PackageSource(PackageSource.CONTAINERD, "http://x/{minor}/ $(id)/"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRenderedScriptCarriesTheRepositoryOfTheClusterMinor() {
        Script s = new NodeScripts(ScriptsShellcheckTest.LAYOUT, ScriptsShellcheckTest.PKI,
                new PackageSource(PackageSource.CONTAINERD, "http://172.31.246.1:8079/apt/k8s/v{minor}/"), ScriptPaths.STANDARD)
                .prepare(1, Role.MASTER);
        assertThat(s.render()).contains("readonly K8S_REPO='http://172.31.246.1:8079/apt/k8s/v1.36/'");
    }

    @Test
    void containerdComesFromDockersRepositoryAsThe23SeriesByDefault() {
        PackageSource p = new PackageSource(PackageSource.CONTAINERD, PackageSource.UPSTREAM);
        assertThat(p.containerdPackage()).isEqualTo("containerd.io");
        assertThat(p.containerdVersion()).isEqualTo("2.3.*");
        assertThat(p.containerdRepository()).isEqualTo("https://download.docker.com/linux/debian/");
        String script = new NodeScripts(ScriptsShellcheckTest.LAYOUT, ScriptsShellcheckTest.PKI, p, ScriptPaths.STANDARD)
                .prepare(1, Role.MASTER).render();
        assertThat(script).contains("readonly CONTAINERD_PACKAGE='containerd.io'", "readonly CONTAINERD_VERSION='2.3.*'",
                "readonly CONTAINERD_REPO='https://download.docker.com/linux/debian/'");
    }

    @Test
    void debiansOwnContainerdNeedsNoRepository() {
        for (String pin : new String[] {"containerd=1.6.20~ds1-1+deb12u3", "1.6.20~ds1-1+deb12u3"}) {
            PackageSource p = new PackageSource(pin, PackageSource.UPSTREAM);
            assertThat(p.containerdPackage()).as(pin).isEqualTo("containerd");
            assertThat(p.containerdVersion()).as(pin).isEqualTo("1.6.20~ds1-1+deb12u3");
            assertThat(p.containerdRepository()).as(pin).isEmpty();
        }
    }

    @Test
    void aContainerdPinThatIsNotOneIsRefused() {
        for (String bad : new String[] {"", "docker-ce=28.*", "containerd.io=", "containerd.io=2.3.* runc",
            "containerd.io=$(id)", "v2.3.4", "containerd.io=2.3.*;"}) {
            assertThatThrownBy(() -> new PackageSource(bad, PackageSource.UPSTREAM)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("containerd.io=<version pattern>");
        }
        assertThatThrownBy(() -> new PackageSource(null, PackageSource.UPSTREAM))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
