package io.kubelode.sandbox.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Set;

/**
 * Fabric8's CRUD dispatcher plus the API server's health endpoints ({@code /healthz},
 * {@code /livez}, {@code /readyz}), which HAProxy in every container checks before it sends
 * traffic to a control plane, and kubeadm waits for.
 */
final class HealthzCrudDispatcher extends KubernetesCrudDispatcher {
    private static final Set<String> HEALTH = Set.of("/healthz", "/livez", "/readyz");

    @Override
    public MockResponse handleGet(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (HEALTH.contains(bare)) {
            return new MockResponse().setResponseCode(200).addHeader("Content-Type", "text/plain").setBody("ok");
        }
        return super.handleGet(path);
    }
}
