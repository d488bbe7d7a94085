package io.kubelode.apps.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * An API server that does not answer is a transient failure, retried, never a rejected apply:
 * Fabric8 reports it with code -1, which was taken for a permanent HTTP status and rolled a cluster
 * back under load (figure 2 of BENCHMARKS.md).
 */
class NoAnswerTest {

    @Test
    void aRefusedConnectionIsTransientAndSaysNoAnswer() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var config = new ConfigBuilder().withMasterUrl("https://127.0.0.1:" + port).withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(2000).withRequestTimeout(2000).build();
        try (var client = new KubernetesClientBuilder().withConfig(config).build()) {
            ClusterApiException e = catchThrowableOfType(() -> new Fabric8ClusterApi(client).volumesOfClass("local-path"),
                    ClusterApiException.class);
            assertThat(e).isNotNull();
            assertThat(e.isTransient()).isTrue();
            assertThat(e.code()).isZero();
            assertThat(e.getMessage()).contains("no answer from the API").doesNotContain("HTTP -1");
        }
    }

    @Test
    void anHttpStatusKeepsItsMeaning() {
        assertThat(new ClusterApiException(422, "x", null).isTransient()).isFalse();
        assertThat(new ClusterApiException(503, "x", null).isTransient()).isTrue();
        assertThat(new ClusterApiException(-1, "x", null).isTransient()).isTrue();
    }
}
