package io.kubelode.k8s.plan.scripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PackageSourceTest {
    @Test
    void upstreamIsKubernetesOwnRepositoryOfTheMinor() {
        assertThat(new PackageSource("1.7.24", PackageSource.UPSTREAM).repositoryFor("1.32"))
                .isEqualTo("https://pkgs.k8s.io/core:/stable:/v1.32/deb/");
    }

    @Test
    void aRepositoryThatIsNoUrlOrLacksTheMinorIsRefused() {
        assertThatThrownBy(() -> new PackageSource("1.7.24", "http://10.0.0.1/k8s/")).hasMessageContaining("{minor}");
        assertThatThrownBy(() -> new PackageSource("1.7.24", "ftp://x/{minor}/")).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> new PackageSource("1.7.24", "http://x/{minor}")).hasMessageContaining("ending in /");
        assertThatThrownBy(() -> new PackageSource("1.7.24", "http://x/{minor}/ $(id)/"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRenderedScriptCarriesTheRepositoryOfTheClusterMinor() {
        Script s = new NodeScripts(ScriptsShellcheckTest.LAYOUT, ScriptsShellcheckTest.PKI,
                new PackageSource("1.7.24", "http://172.31.246.1:8079/apt/k8s/v{minor}/"), ScriptPaths.STANDARD)
                .prepare(1, Role.MASTER);
        assertThat(s.render()).contains("readonly K8S_REPO='http://172.31.246.1:8079/apt/k8s/v1.36/'");
    }
}
