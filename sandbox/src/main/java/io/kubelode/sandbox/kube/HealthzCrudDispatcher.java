package io.kubelode.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fabric8's CRUD dispatcher plus what a kube-apiserver serves besides objects and what the tools a
 * person uses ask for first: the health endpoints ({@code /healthz}, {@code /livez},
 * {@code /readyz}), which HAProxy in every container checks and kubeadm waits for, {@code /version},
 * API discovery ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/<group>/<version>})
 * for the kinds kubelode and its catalog use, so that a real {@code kubectl} with the kubeconfig
 * kubelode hands out can {@code get} and {@code describe} them, and the OpenAPI v3 documents
 * ({@code /openapi/v3}, {@code /openapi/v3/<group-version>}) as far as {@code kubectl apply} reads
 * them: each kind's PATCH operation with its {@code x-kubernetes-group-version-kind} and the
 * {@code fieldValidation} query parameter, which tells kubectl (cli-runtime's
 * {@code queryParamVerifierV3}) that the server validates fields, so it sends the object instead
 * of validating it against the protobuf OpenAPI v2 document, which the sandbox does not serve
 * ({@code /openapi/v2} is a 404, after which kubectl patches with its built-in types). Server-side
 * apply ({@code application/apply-patch+yaml}) creates an object that does not exist and merges
 * into one that does; fields are not tracked per manager.
 */
final class HealthzCrudDispatcher extends KubernetesCrudDispatcher {
    private static final Set<String> HEALTH = Set.of("/healthz", "/livez", "/readyz");
    private static final String VERBS = "[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]";

    /** group/version → resource (plural) → kind, namespaced; the core group is "". */
    private record Resource(String plural, String kind, boolean namespaced, String shortName) {}

    private static final Map<String, List<Resource>> RESOURCES = new LinkedHashMap<>();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

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

    /**
     * {@code kubectl get nodes} asks for a Table ({@code Accept: application/json;as=Table;...}) and
     * prints the server's columns: nodes are answered as kube-apiserver prints them (NAME, STATUS,
     * ROLES, AGE, VERSION), so a person sees each node's Ready condition; other kinds as objects,
     * which kubectl prints as NAME and AGE.
     */
    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String accept = String.valueOf(request.getHeader("Accept"));
        String path = request.getPath();
        String bare = withoutQuery(path);
        if ("GET".equals(request.getMethod()) && accept.contains("as=Table") && !path.contains("watch=")
                && (bare.equals("/api/v1/nodes") || bare.startsWith("/api/v1/nodes/") && bare.indexOf('/', 14) < 0)) {
            MockResponse objects = super.handleGet(path);
            if (objects != null && objects.code() == 200) {
                try {
                    return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json")
                            .setBody(nodeTable(MAPPER.readTree(objects.getBody().readUtf8())).toString());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return json(objects);
        }
        return super.dispatch(request);
    }

    /** A Node or a NodeList as kube-apiserver's table printer prints nodes. */
    static JsonNode nodeTable(JsonNode nodes) {
        ObjectNode table = MAPPER.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", nodes.path("metadata").path("resourceVersion").asText(""));
        ArrayNode columns = table.putArray("columnDefinitions");
        for (String c : List.of("Name", "Status", "Roles", "Age", "Version")) {
            columns.addObject().put("name", c).put("type", "string").put("format", c.equals("Name") ? "name" : "")
                    .put("description", "").put("priority", 0);
        }
        ArrayNode rows = table.putArray("rows");
        List<JsonNode> items = new java.util.ArrayList<>();
        if (nodes.has("items")) {
            nodes.path("items").forEach(items::add);
        } else {
            items.add(nodes);
        }
        java.time.Instant now = java.time.Instant.now();
        for (JsonNode n : items) {
            String ready = "Unknown";
            for (JsonNode c : n.path("status").path("conditions")) {
                if ("Ready".equals(c.path("type").asText())) {
                    ready = "True".equals(c.path("status").asText()) ? "Ready" : "NotReady";
                }
            }
            if (n.path("spec").path("unschedulable").asBoolean()) {
                ready += ",SchedulingDisabled";
            }
            List<String> roles = new java.util.ArrayList<>();
            n.path("metadata").path("labels").fieldNames().forEachRemaining(l -> {
                if (l.startsWith("node-role.kubernetes.io/")) {
                    roles.add(l.substring("node-role.kubernetes.io/".length()));
                }
            });
            String created = n.path("metadata").path("creationTimestamp").asText("");
            String age = created.isEmpty() ? "<unknown>"
                    : age(java.time.Duration.between(java.time.Instant.parse(created), now));
            ObjectNode row = rows.addObject();
            row.putArray("cells").add(n.path("metadata").path("name").asText()).add(ready)
                    .add(roles.isEmpty() ? "<none>" : String.join(",", roles)).add(age)
                    .add(n.path("status").path("nodeInfo").path("kubeletVersion").asText(""));
            ObjectNode object = row.putObject("object").put("kind", "PartialObjectMetadata")
                    .put("apiVersion", "meta.k8s.io/v1");
            object.set("metadata", n.path("metadata"));
        }
        return table;
    }

    /** kubectl's short duration: 42s, 5m, 3h, 2d. */
    private static String age(java.time.Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 120 ? s + "s" : s < 7200 ? s / 60 + "m" : s < 172800 ? s / 3600 + "h" : s / 86400 + "d";
    }

    @Override
    public MockResponse handleGet(String path) {
        String bare = withoutQuery(path);
        if (HEALTH.contains(bare)) {
            return new MockResponse().setResponseCode(200).addHeader("Content-Type", "text/plain").setBody("ok");
        }
        String json = switch (bare) {
            case "/version" -> "{\"major\":\"1\",\"minor\":\"36\",\"gitVersion\":\"v1.36.1-kubelode-sandbox\","
                    + "\"platform\":\"linux/amd64\"}";
            case "/api" -> "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                    + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"\"}]}";
            case "/apis" -> groups();
            case "/openapi/v3" -> openApiPaths();
            case "/openapi/v2" -> null;
            default -> bare.startsWith("/openapi/v3/") ? openApi(bare.substring("/openapi/v3/".length()))
                    : resources(bare);
        };
        if (bare.startsWith("/openapi/")) {
            return json == null ? new MockResponse().setResponseCode(404).addHeader("Content-Type", "application/json")
                    .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                            + "\"reason\":\"NotFound\",\"code\":404}")
                    : new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json").setBody(json);
        }
        if (json == null) {
            return json(super.handleGet(path));
        }
        return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json").setBody(json);
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        return json(super.handleCreate(request));
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        return json(super.handleUpdate(request));
    }

    /**
     * Fabric8's dispatcher knows JSON patch, and merges arrays where a merge patch replaces them
     * (RFC 7386), so a kubelet's status patch of its Ready condition added a second one. A merge
     * patch is applied here, by RFC 7386, to the object as stored, and written back with its
     * resourceVersion (a conflict with a concurrent write is retried, as kube-apiserver retries a
     * patch). {@code kubectl apply} patches with a strategic merge patch, which for the kinds served
     * here is taken as a merge patch (lists replaced, not merged by key; its {@code $} directives
     * dropped); {@code kubectl apply --server-side} sends the whole object as an apply patch, which
     * creates it when it does not exist and is merged into it when it does.
     */
    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String type = String.valueOf(request.getHeader("Content-Type"));
        String path = request.getPath();
        String bare = withoutQuery(path);
        boolean apply = type.startsWith("application/apply-patch+yaml");
        if (!apply && !type.startsWith("application/merge-patch+json")
                && !type.startsWith("application/strategic-merge-patch+json")) {
            return json(super.handlePatch(request));
        }
        JsonNode patch = withoutDirectives(MAPPER.valueToTree(apply
                ? SERIALIZATION.unmarshal(request.getUtf8Body(), GenericKubernetesResource.class)
                : SERIALIZATION.unmarshal(request.getUtf8Body(), JsonNode.class)));
        for (int attempt = 1; ; attempt++) {
            MockResponse current = super.handleGet(bare);
            if (current == null || current.code() == 404) {
                return apply ? json(super.handleCreate(as(request, HttpMethod.POST,
                        bare.substring(0, bare.lastIndexOf('/')), "application/json", patch.toString())))
                        : json(current);
            }
            JsonNode merged;
            try {
                merged = mergePatch(MAPPER.readTree(current.getBody().readUtf8()), patch);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            MockResponse written = super.handleUpdate(as(request, HttpMethod.PUT, bare, "application/json",
                    merged.toString()));
            if (written.code() != 409 || attempt == 5) {
                return json(written);
            }
        }
    }

    /** RFC 7386: objects merged member by member, a null removes, anything else replaces. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : MAPPER.createObjectNode();
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
            }
        });
        return out;
    }

    /** A strategic merge patch's directives ({@code $patch}, {@code $setElementOrder/...}, ...) left out. */
    private static JsonNode withoutDirectives(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = MAPPER.createObjectNode();
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().startsWith("$")) {
                    out.set(e.getKey(), withoutDirectives(e.getValue()));
                }
            });
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = MAPPER.createArrayNode();
            node.forEach(n -> out.add(withoutDirectives(n)));
            return out;
        }
        return node;
    }

    /** A request path without its query. */
    private static String withoutQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /** The request with another method, path, body and its type. */
    private static RecordedRequest as(RecordedRequest request, HttpMethod method, String path, String contentType,
                                      String body) {
        Headers.Builder headers = Headers.builder();
        request.getHeaders().toMultimap().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> headers.add(name, v));
            }
        });
        headers.add("Content-Type", contentType);
        return new RecordedRequest(request.getHttpVersion(), method, path, headers.build(),
                new Buffer(body.getBytes(StandardCharsets.UTF_8)));
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

    /** The group-version path of the OpenAPI v3 documents: {@code api/v1}, {@code apis/<group>/<version>}. */
    private static String openApiPath(String gv) {
        return gv.equals("v1") ? "api/v1" : "apis/" + gv;
    }

    /** {@code /openapi/v3}: where each group-version's document is. */
    private static String openApiPaths() {
        return RESOURCES.keySet().stream().map(gv -> "\"" + openApiPath(gv) + "\":{\"serverRelativeURL\":\"/openapi/v3/"
                + openApiPath(gv) + "?hash=kubelode-sandbox\"}").collect(Collectors.joining(",", "{\"paths\":{", "}}"));
    }

    /** The OpenAPI v3 document of a group-version: every kind's PATCH operation; null for other paths. */
    private static String openApi(String path) {
        String gv = path.equals("api/v1") ? "v1" : path.startsWith("apis/") ? path.substring("apis/".length()) : null;
        List<Resource> list = gv == null ? null : RESOURCES.get(gv);
        if (list == null) {
            return null;
        }
        String group = gv.contains("/") ? gv.substring(0, gv.indexOf('/')) : "";
        String version = gv.substring(gv.indexOf('/') + 1);
        String params = Stream.of("fieldValidation", "fieldManager", "dryRun", "force")
                .map(p -> "{\"name\":\"" + p + "\",\"in\":\"query\",\"schema\":{\"type\":\""
                        + (p.equals("force") ? "boolean" : "string") + "\"}}").collect(Collectors.joining(","));
        return list.stream().map(r -> "\"/" + openApiPath(gv) + (r.namespaced() ? "/namespaces/{namespace}/" : "/")
                        + r.plural() + "/{name}\":{\"patch\":{\"operationId\":\"patch" + r.kind() + "\",\"parameters\":["
                        + params + "],\"responses\":{\"200\":{\"description\":\"OK\"}},\"x-kubernetes-action\":\"patch\","
                        + "\"x-kubernetes-group-version-kind\":{\"group\":\"" + group + "\",\"version\":\"" + version
                        + "\",\"kind\":\"" + r.kind() + "\"}}}")
                .collect(Collectors.joining(",", "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"Kubernetes\","
                        + "\"version\":\"v1.36.1\"},\"paths\":{", "},\"components\":{\"schemas\":{}}}"));
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
