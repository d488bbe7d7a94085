package io.kubelode.apps.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubelode.apps.plan.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link ClusterApi} over the Fabric8 client. Apply is observe-then-patch: get; absent → create;
 * present and already containing every desired field → nothing; else a JSON merge patch of the
 * desired object. (Server-side apply would do the same on a real API server, but Fabric8's CRUD
 * mock server does not implement it, and both must run the same code.) Generated-credential
 * Secrets are only ever created, so a rerun never rotates a password.
 */
public final class Fabric8ClusterApi implements ClusterApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The part-of label of the storage provisioner, which a first teardown pass keeps. */
    private static final String STORAGE = "local-path-provisioner";
    private final KubernetesClient client;

    public Fabric8ClusterApi(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public ObjectResult apply(HasMetadata desired) {
        return guard(ObjectResult.of(desired, Outcome.NOOP).ref(), () -> ensure(desired));
    }

    private ObjectResult ensure(HasMetadata desired) {
        HasMetadata existing = client.resource(desired).get();
        if (existing == null) {
            client.resource(desired).create();
            return ObjectResult.of(desired, Outcome.CREATED);
        }
        if (generated(desired) || JsonSubset.contains(tree(existing), tree(desired))) {
            return ObjectResult.of(desired, Outcome.NOOP);
        }
        client.resource(desired).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch(desired));
        return ObjectResult.of(desired, Outcome.PATCHED);
    }

    @Override
    public Readiness readiness(HasMetadata workload) {
        return guard(ObjectResult.of(workload, Outcome.NOOP).ref(), () -> observe(workload));
    }

    private Readiness observe(HasMetadata workload) {
        HasMetadata live = client.resource(workload).get();
        if (live == null) {
            return Readiness.MISSING;
        }
        long generation = Objects.requireNonNullElse(live.getMetadata().getGeneration(), 0L);
        boolean ready;
        if (live instanceof Deployment d) {
            int want = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
            var s = d.getStatus();
            ready = s != null && n(s.getObservedGeneration()) >= generation && n(s.getUpdatedReplicas()) >= want
                    && n(s.getReadyReplicas()) >= want && n(s.getAvailableReplicas()) >= want;
        } else if (live instanceof StatefulSet st) {
            int want = Objects.requireNonNullElse(st.getSpec().getReplicas(), 1);
            var s = st.getStatus();
            ready = s != null && n(s.getObservedGeneration()) >= generation && n(s.getReadyReplicas()) >= want;
        } else if (live instanceof DaemonSet ds) {
            var s = ds.getStatus();
            ready = s != null && n(s.getObservedGeneration()) >= generation && n(s.getDesiredNumberScheduled()) > 0
                    && n(s.getNumberReady()) >= n(s.getDesiredNumberScheduled())
                    && n(s.getUpdatedNumberScheduled()) >= n(s.getDesiredNumberScheduled());
        } else {
            ready = true;
        }
        return ready ? Readiness.READY : Readiness.PROGRESSING;
    }

    @Override
    public List<HasMetadata> listOwned(String clusterId) {
        return guard("list of cluster " + clusterId, () -> list(clusterId));
    }

    private List<HasMetadata> list(String clusterId) {
        List<HasMetadata> all = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : ManagedKinds.DELETE_ORDER) {
            all.addAll(owned(kind, clusterId).list().getItems());
        }
        return all;
    }

    @Override
    public List<ObjectResult> deleteOwned(String clusterId, OwnedFilter filter) {
        return guard("teardown of cluster " + clusterId, () -> delete(clusterId, filter));
    }

    private List<ObjectResult> delete(String clusterId, OwnedFilter filter) {
        List<ObjectResult> deleted = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : ManagedKinds.DELETE_ORDER) {
            for (HasMetadata item : owned(kind, clusterId).list().getItems()) {
                if (filter == OwnedFilter.ALL_BUT_STORAGE && STORAGE.equals(item.getMetadata().getLabels()
                        .get(Labels.PART_OF))) {
                    continue;
                }
                if (!client.resource(item).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete()
                        .isEmpty()) {
                    deleted.add(ObjectResult.of(item, Outcome.DELETED));
                }
            }
        }
        return deleted;
    }

    @Override
    public int volumesOfClass(String storageClass) {
        return guard("volumes of class " + storageClass, () -> (int) client.resources(PersistentVolume.class).list().getItems().stream()
                .filter(pv -> pv.getSpec() != null && storageClass.equals(pv.getSpec().getStorageClassName()))
                .count());
    }

    private <T extends HasMetadata> FilterWatchListDeletable<T, KubernetesResourceList<T>, Resource<T>> owned(
            Class<T> kind, String clusterId) {
        Map<String, String> labels = Labels.owned(clusterId);
        return ManagedKinds.namespaced(kind)
                ? client.resources(kind).inAnyNamespace().withLabels(labels)
                : client.resources(kind).withLabels(labels);
    }

    /**
     * Fabric8's exceptions as {@link ClusterApiException}: the object's kind and name, the HTTP
     * status and the API's reason, but never the API's message, which can quote a Secret's data.
     */
    private static <T> T guard(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() <= 0) {
                // no HTTP answer at all (Fabric8 says -1): a timeout or a refused or reset connection
                String cause = e.getCause() == null ? e.getClass().getSimpleName() : e.getCause().getClass().getSimpleName();
                throw new ClusterApiException(0, what + ": no answer from the API (" + cause + ")", null);
            }
            String reason = e.getStatus() == null || e.getStatus().getReason() == null
                    ? e.getClass().getSimpleName() : e.getStatus().getReason();
            throw new ClusterApiException(e.getCode(), what + ": HTTP " + e.getCode() + " " + reason, null);
        }
    }

    private static boolean generated(HasMetadata desired) {
        Map<String, String> a = desired.getMetadata().getAnnotations();
        return a != null && "true".equals(a.get(Labels.GENERATED));
    }

    /**
     * The desired object as a merge patch. A StatefulSet's claim templates are immutable and a
     * merge patch replaces lists whole, which would drop the server's defaults inside them and be
     * refused: they are left out (a changed template needs the StatefulSet recreated).
     */
    private String mergePatch(HasMetadata desired) {
        JsonNode patch = tree(desired);
        if (desired instanceof StatefulSet && patch.path("spec") instanceof ObjectNode spec) {
            spec.remove("volumeClaimTemplates");
        }
        return patch.toString();
    }

    private JsonNode tree(HasMetadata object) {
        try {
            return JSON.readTree(client.getKubernetesSerialization().asJson(object));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long n(Number value) {
        return value == null ? 0 : value.longValue();
    }

    @Override
    public void close() {
        client.close();
    }
}
