package io.kubelode.sandbox.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Fabric8's CRUD dispatcher plus what a kube-apiserver serves besides objects and what the tools a
 * person uses ask for first: the health endpoints ({@code /healthz}, {@code /livez},
 * {@code /readyz}), which HAProxy in every container checks and kubeadm waits for, {@code /version},
 * and API discovery ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/<group>/<version>})
 * for the kinds kubelode and its catalog use, so that a real {@code kubectl} with the kubeconfig
 * kubelode hands out can {@code get} and {@code describe} them.
 */
final class HealthzCrudDispatcher extends KubernetesCrudDispatcher {
    private static final Set<String> HEALTH = Set.of("/healthz", "/livez", "/readyz");
    private static final String VERBS = "[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]";

    /** group/version → resource (plural) → kind, namespaced; the core group is "". */
    private record Resource(String plural, String kind, boolean namespaced, String shortName) {}

    private static final Map<String, List<Resource>> RESOURCES = new LinkedHashMap<>();

    static {
        RESOURCES.put("v1", List.of(
                new Resource("nodes", "Node", false, "no"),
                new Resource("namespaces", "Namespace", false, "ns"),
                new Resource("pods", "Pod", true, "po"),
                new Resource("services", "Service", true, "svc"),
                new Resource("secrets", "Secret", true, null),
                new Resource("configmaps", "ConfigMap", true, "cm"),
                new Resource("serviceaccounts", "ServiceAccount", true, "sa"),
                new Resource("persistentvolumeclaims", "PersistentVolumeClaim", true, "pvc"),
                new Resource("persistentvolumes", "PersistentVolume", false, "pv"),
                new Resource("events", "Event", true, "ev")));
        RESOURCES.put("apps/v1", List.of(
                new Resource("deployments", "Deployment", true, "deploy"),
                new Resource("statefulsets", "StatefulSet", true, "sts"),
                new Resource("daemonsets", "DaemonSet", true, "ds")));
        RESOURCES.put("networking.k8s.io/v1", List.of(
                new Resource("ingresses", "Ingress", true, "ing"),
                new Resource("networkpolicies", "NetworkPolicy", true, "netpol")));
        RESOURCES.put("rbac.authorization.k8s.io/v1", List.of(
                new Resource("roles", "Role", true, null),
                new Resource("rolebindings", "RoleBinding", true, null),
                new Resource("clusterroles", "ClusterRole", false, null),
                new Resource("clusterrolebindings", "ClusterRoleBinding", false, null)));
        RESOURCES.put("storage.k8s.io/v1", List.of(new Resource("storageclasses", "StorageClass", false, "sc")));
        RESOURCES.put("batch/v1", List.of(new Resource("jobs", "Job", true, null),
                new Resource("cronjobs", "CronJob", true, "cj")));
        RESOURCES.put("policy/v1", List.of(
                new Resource("poddisruptionbudgets", "PodDisruptionBudget", true, "pdb")));
        RESOURCES.put("apiextensions.k8s.io/v1", List.of(
                new Resource("customresourcedefinitions", "CustomResourceDefinition", false, "crd")));
    }

    @Override
    public MockResponse handleGet(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (HEALTH.contains(bare)) {
            return new MockResponse().setResponseCode(200).addHeader("Content-Type", "text/plain").setBody("ok");
        }
        String json = switch (bare) {
            case "/version" -> "{\"major\":\"1\",\"minor\":\"36\",\"gitVersion\":\"v1.36.1-kubelode-sandbox\","
                    + "\"platform\":\"linux/amd64\"}";
            case "/api" -> "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                    + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"\"}]}";
            case "/apis" -> groups();
            default -> resources(bare);
        };
        if (json == null) {
            return json(super.handleGet(path));
        }
        return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json").setBody(json);
    }

    @Override
    public MockResponse handleCreate(io.fabric8.mockwebserver.http.RecordedRequest request) {
        return json(super.handleCreate(request));
    }

    @Override
    public MockResponse handleUpdate(io.fabric8.mockwebserver.http.RecordedRequest request) {
        return json(super.handleUpdate(request));
    }

    @Override
    public MockResponse handlePatch(io.fabric8.mockwebserver.http.RecordedRequest request) {
        return json(super.handlePatch(request));
    }

    /**
     * Says what the body is: kubectl's typed clients accept protobuf first and, with no
     * {@code Content-Type}, read JSON as protobuf ("does not appear to be a protobuf message").
     */
    private static MockResponse json(MockResponse r) {
        if (r != null && r.header("Content-Type") == null) {
            r.addHeader("Content-Type", "application/json");
        }
        return r;
    }

    private static String groups() {
        return RESOURCES.keySet().stream().filter(gv -> gv.contains("/")).map(gv -> {
            String group = gv.substring(0, gv.indexOf('/'));
            String version = gv.substring(gv.indexOf('/') + 1);
            String v = "{\"groupVersion\":\"" + gv + "\",\"version\":\"" + version + "\"}";
            return "{\"name\":\"" + group + "\",\"versions\":[" + v + "],\"preferredVersion\":" + v + "}";
        }).collect(Collectors.joining(",", "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[", "]}"));
    }

    /** The APIResourceList of {@code /api/v1} or {@code /apis/<group>/<version>}; null for other paths. */
    private static String resources(String path) {
        String gv = path.equals("/api/v1") ? "v1" : path.startsWith("/apis/") ? path.substring("/apis/".length()) : null;
        List<Resource> list = gv == null ? null : RESOURCES.get(gv);
        if (list == null) {
            return null;
        }
        return list.stream().map(r -> "{\"name\":\"" + r.plural() + "\",\"singularName\":\""
                        + r.kind().toLowerCase() + "\",\"namespaced\":" + r.namespaced() + ",\"kind\":\"" + r.kind()
                        + "\",\"verbs\":" + VERBS + (r.shortName() == null ? "" : ",\"shortNames\":[\"" + r.shortName()
                        + "\"]") + "}")
                .collect(Collectors.joining(",", "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\""
                        + gv + "\",\"resources\":[", "]}"));
    }
}
