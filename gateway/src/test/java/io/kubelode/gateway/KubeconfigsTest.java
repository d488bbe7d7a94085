package io.kubelode.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubeconfigsTest {
    private static final String KUBECONFIG = """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: Q0E=
                server: https://172.31.246.2:6443
                tls-server-name: api.homelab.kubelode.internal
              name: homelab
            """;

    @Test
    void thePersonsCopyDialsTheDomainOnTheSamePortAndChangesNothingElse() {
        assertThat(Kubeconfigs.forPerson(KUBECONFIG, "dyll.in"))
                .isEqualTo(KUBECONFIG.replace("https://172.31.246.2:6443", "https://dyll.in:6443"));
    }

    @Test
    void aClusterWithoutADomainKeepsTheAddress() {
        assertThat(Kubeconfigs.forPerson(KUBECONFIG, null)).isEqualTo(KUBECONFIG);
        assertThat(Kubeconfigs.forPerson(KUBECONFIG, " ")).isEqualTo(KUBECONFIG);
    }
}
