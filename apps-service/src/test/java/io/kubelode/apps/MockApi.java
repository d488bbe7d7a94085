package io.kubelode.apps;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubelode.apps.plan.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fabric8's mock API server in CRUD mode, and the one thing it cannot do: run controllers. The
 * tests play the workload controllers by writing the workloads' status (all replicas ready).
 */
public final class MockApi {
    // held so the level sticks: the mock server logs every request at INFO
    private static final Logger QUIET = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        QUIET.setLevel(Level.WARNING);
    }

    private MockApi() {
    }

    /** Quiets the mock server's per-request log (calling this runs the static initialiser). */
    public static void quiet() {
        QUIET.setLevel(Level.WARNING);
    }

    public static KubernetesMockServer start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        return server;
    }

    /** A kubeconfig for the server, as the k8s layer would hand one over. */
    public static String kubeconfig(KubernetesMockServer server, String clusterId) {
        String url;
        try (KubernetesClient c = server.createClient()) {
            url = c.getConfiguration().getMasterUrl();
        }
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: admin
                  user:
                    token: mock-token
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: admin
                current-context: %1$s
                """.formatted(clusterId, url);
    }

    /**
     * Plays the controllers once: every workload of the cluster not matched by {@code stuck} gets a
     * status with all replicas ready. Returns the workloads it marked.
     */
    public static List<String> markReady(KubernetesClient client, String clusterId, Predicate<HasMetadata> stuck) {
        List<String> marked = new ArrayList<>();
        for (Deployment d : client.apps().deployments().inAnyNamespace()
                .withLabels(Labels.owned(clusterId)).list().getItems()) {
            if (stuck.test(d) || d.getStatus() != null) {
                continue;
            }
            int n = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
            d.setStatus(new DeploymentStatusBuilder().withReplicas(n).withReadyReplicas(n).withAvailableReplicas(n)
                    .withUpdatedReplicas(n).withObservedGeneration(d.getMetadata().getGeneration()).build());
            client.resource(d).updateStatus();
            marked.add("Deployment " + d.getMetadata().getName());
        }
        for (StatefulSet s : client.apps().statefulSets().inAnyNamespace()
                .withLabels(Labels.owned(clusterId)).list().getItems()) {
            if (stuck.test(s) || s.getStatus() != null) {
                continue;
            }
            int n = Objects.requireNonNullElse(s.getSpec().getReplicas(), 1);
            s.setStatus(new StatefulSetStatusBuilder().withReplicas(n).withReadyReplicas(n).withAvailableReplicas(n)
                    .withCurrentReplicas(n).withUpdatedReplicas(n)
                    .withObservedGeneration(s.getMetadata().getGeneration()).build());
            client.resource(s).updateStatus();
            marked.add("StatefulSet " + s.getMetadata().getName());
        }
        for (DaemonSet s : client.apps().daemonSets().inAnyNamespace()
                .withLabels(Labels.owned(clusterId)).list().getItems()) {
            if (stuck.test(s) || s.getStatus() != null) {
                continue;
            }
            s.setStatus(new DaemonSetStatusBuilder().withDesiredNumberScheduled(3).withCurrentNumberScheduled(3)
                    .withNumberReady(3).withNumberAvailable(3).withUpdatedNumberScheduled(3).withNumberMisscheduled(0)
                    .withObservedGeneration(s.getMetadata().getGeneration()).build());
            client.resource(s).updateStatus();
            marked.add("DaemonSet " + s.getMetadata().getName());
        }
        return marked;
    }
}
