package io.kubelode.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SysPropConfigSource;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared kubeconfig directory: one variable for every service, or the per-service key. */
class K8sConfigTest {

    private static K8sConfig config(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors().withMapping(K8sConfig.class)
                .withSources(new SysPropConfigSource(), new PropertiesConfigSource(values, "test", 500)).build();
        return config.getConfigMapping(K8sConfig.class);
    }

    @Test
    void theKubeconfigDirectoryComesFromTheSharedVariableOrTheKeyOrTheHomeDirectory() {
        assertThat(config(Map.of()).kubeconfigDir())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".kubelode", "kubeconfigs"));
        assertThat(config(Map.of("KUBELODE_KUBECONFIG_DIR", "/var/lib/kubelode/kubeconfigs")).kubeconfigDir())
                .isEqualTo(Path.of("/var/lib/kubelode/kubeconfigs"));
        assertThat(config(Map.of("KUBELODE_KUBECONFIG_DIR", "/shared", "kubelode.k8s.kubeconfig-dir", "/own"))
                .kubeconfigDir()).isEqualTo(Path.of("/own"));
    }
}
