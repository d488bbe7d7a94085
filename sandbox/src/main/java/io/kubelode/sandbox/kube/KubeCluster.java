package io.kubelode.sandbox.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * One cluster's Kubernetes API: Fabric8's mock server in CRUD mode on an ephemeral loopback port,
 * behind a {@link TlsFront} at the instance's public address, plus the stacked etcd members the
 * control planes' joins added (by peer URL), which {@code etcdctl member list} would show.
 *
 * <p>Its state is the cluster's etcd, so it lives as long as a control plane does, not as long as
 * the instance that ran {@code kubeadm init}: when that instance goes while control planes run on
 * others (a node being replaced in place), the API stops being served there and is served again at
 * the next control plane that joins ({@link #serveAt}), with the certificate that control plane was
 * given.
 */
public final class KubeCluster implements AutoCloseable {
    /** {@link #instanceId()} while no instance serves the API. */
    public static final long UNSERVED = -1;
    private final String tag;
    private volatile long instanceId;
    private volatile String address;
    private final int port;
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private TlsFront front;
    private final InetAddress bind;
    private final ExecutorService threads;
    private final WorkloadController workloads;
    private final HostPorts hostPorts;
    /** Node name → the public address of the instance its container lives on. */
    private final Map<String, InetAddress> hosts = new java.util.concurrent.ConcurrentHashMap<>();
    /** Peer URL → the control plane (container) the member belongs to. */
    private final Map<String, String> members = new LinkedHashMap<>();
    /** Control plane (container) name → the instance it runs on, from its init or join to its reset. */
    private final Map<String, Long> controlPlanes = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param identity the API server certificate the sandbox presents at {@code address:port}; null
     *                 when TLS ends in a real machine (the API server stand-in there forwards to
     *                 {@code bind}, see {@code io.kubelode.sandbox.standin})
     * @param bind     where the plain-HTTP API listens: loopback behind the sandbox's own front, or
     *                 the bridge's address when real machines reach it
     */
    KubeCluster(String tag, long instanceId, InetAddress address, int port, ServerIdentity identity, InetAddress bind,
                Duration readyDelay, BiPredicate<String, String> neverReady, ExecutorService threads, KubeClients clients)
            throws IOException {
        this.tag = tag;
        this.instanceId = instanceId;
        this.address = address.getHostAddress();
        this.port = port;
        this.bind = bind;
        this.threads = threads;
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new HealthzCrudDispatcher(), false);
        server.init(bind, 0);
        try {
            this.front = identity == null ? null : new TlsFront(identity, address, port,
                    new InetSocketAddress(bind, server.getPort()), threads);
        } catch (IOException e) {
            server.destroy();
            throw e;
        }
        // one serialization and one Vert.x for every cluster's client (see KubeClients)
        this.client = server.createClient(clients::customize);
        this.workloads = new WorkloadController(client, readyDelay, neverReady);
        this.hostPorts = new HostPorts(threads);
        client.namespaces().resource(namespace("default")).create();
        client.namespaces().resource(namespace("kube-system")).create();
        client.namespaces().resource(namespace("kube-public")).create();
    }

    private static io.fabric8.kubernetes.api.model.Namespace namespace(String name) {
        return new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                .build();
    }

    public String tag() { return tag; }
    /** The instance that serves the API, {@link #UNSERVED} while none does. */
    public long instanceId() { return instanceId; }
    public String address() { return address; }

    /** Whether an instance serves the API (the one that served it may be gone, its cluster not). */
    public boolean served() {
        return instanceId != UNSERVED;
    }

    /** The control plane {@code name} runs on {@code instance} (its init or join succeeded there). */
    public void controlPlaneOn(String name, long instance) {
        controlPlanes.put(name, instance);
    }

    /** Whether a control plane of this cluster runs on {@code instance}. */
    boolean hasControlPlaneOn(long instance) {
        return controlPlanes.containsValue(instance);
    }

    /**
     * The instance is gone, and its control planes with it; an API it served is no longer served
     * there. Whether a control plane remains on another instance (the API then lives on).
     */
    synchronized boolean instanceGone(long instance) {
        controlPlanes.values().removeIf(i -> i == instance);
        if (instanceId == instance) {
            if (front != null) {
                front.close();
                front = null;
            }
            instanceId = UNSERVED;
        }
        return !controlPlanes.isEmpty();
    }

    /**
     * Serves the API at {@code address} for {@code instance} (a control plane that joined while no
     * instance served it), with {@code identity} there; none when TLS ends in a real machine.
     *
     * @throws IOException when the port is taken at that address
     */
    synchronized void serveAt(long instance, InetAddress at, ServerIdentity identity) throws IOException {
        if (served()) {
            return;
        }
        if (identity != null) {
            front = new TlsFront(identity, at, port, new InetSocketAddress(bind, server.getPort()), threads);
        }
        address = at.getHostAddress();
        instanceId = instance;
    }

    /** {@code https://<ip>:<port>}, the address kubelode's kubeconfig names. */
    public String endpoint() {
        return "https://" + address + ":" + port;
    }

    /** Where the plain-HTTP API listens. */
    public InetSocketAddress plainAddress() {
        return new InetSocketAddress(bind, server.getPort());
    }

    /** A client of the mock server itself (plain HTTP on loopback). */
    public KubernetesClient client() {
        return client;
    }

    /** Registers (or re-registers) a node as its kubelet would; {@code host} is its instance's public address. */
    public void registerNode(String name, String internalIp, boolean controlPlane, String version, InetAddress host) {
        hosts.put(name, host);
        client.nodes().resource(KubeObjects.node(name, internalIp, controlPlane, version, true)).createOr(r -> r.update());
        if (controlPlane) {
            synchronized (members) {
                members.put(peerUrl(internalIp), name);
            }
            client.pods().inNamespace("kube-system").resource(KubeObjects.etcd(name, internalIp, true))
                    .createOr(r -> r.update());
        }
    }

    /** A control plane's etcd member added by a join that stopped before its static Pod ran. */
    public void addMemberOnly(String name, String internalIp) {
        synchronized (members) {
            members.put(peerUrl(internalIp), name);
        }
    }

    /** The node's kubelet stopped (its host went away): NotReady, its etcd Pod not ready. */
    public void nodeLost(String name) {
        Node node = client.nodes().withName(name).get();
        if (node == null) {
            return;
        }
        boolean controlPlane = node.getMetadata().getLabels().containsKey(KubeObjects.CONTROL_PLANE);
        String ip = node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
                .map(a -> a.getAddress()).findFirst().orElse("");
        String version = node.getStatus().getNodeInfo() == null ? "" : node.getStatus().getNodeInfo().getKubeletVersion();
        client.nodes().resource(KubeObjects.node(name, ip, controlPlane, version, false)).update();
        if (controlPlane && client.pods().inNamespace("kube-system").withName("etcd-" + name).get() != null) {
            client.pods().inNamespace("kube-system").resource(KubeObjects.etcd(name, ip, false)).update();
        }
    }

    /** {@code kubeadm reset}: the node and its etcd member and static Pod are gone. */
    public void removeNode(String name) {
        removeNode(name, false);
    }

    /**
     * {@code kubeadm reset}: the node and its static Pod are gone, and its etcd member too unless
     * {@code memberStays}: the reset of a join that stopped after the member was added and before
     * its etcd ran finds no member of its own to remove (kubeadm #2095).
     */
    public void removeNode(String name, boolean memberStays) {
        hosts.remove(name);
        controlPlanes.remove(name);
        client.nodes().withName(name).delete();
        client.pods().inNamespace("kube-system").withName("etcd-" + name).delete();
        if (!memberStays) {
            synchronized (members) {
                members.values().removeIf(name::equals);
            }
        }
    }

    /** {@code etcdctl member remove} of the member with this peer URL; true when there was one. */
    public boolean removeMember(String peerUrl) {
        String name;
        synchronized (members) {
            name = members.remove(peerUrl);
        }
        if (name != null) {
            client.pods().inNamespace("kube-system").withName("etcd-" + name).delete();
        }
        return name != null;
    }

    public List<String> members() {
        synchronized (members) {
            return List.copyOf(members.values());
        }
    }

    /**
     * {@code kubectl apply -f} of one Secret manifest; answers like kubectl: {@code created},
     * {@code configured} or {@code unchanged}.
     */
    public String applySecret(String yaml) {
        Secret desired = client.getKubernetesSerialization().unmarshal(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), Secret.class);
        if (desired.getStringData() != null) {
            Map<String, String> data = new LinkedHashMap<>(Objects.requireNonNullElse(desired.getData(), Map.of()));
            desired.getStringData().forEach((k, v) -> data.put(k,
                    java.util.Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            desired.setData(data);
            desired.setStringData(null);
        }
        String ns = desired.getMetadata().getNamespace() == null ? "default" : desired.getMetadata().getNamespace();
        Secret live = client.secrets().inNamespace(ns).withName(desired.getMetadata().getName()).get();
        if (live == null) {
            client.secrets().inNamespace(ns).resource(desired).create();
            return "created";
        }
        if (Objects.equals(live.getData(), desired.getData()) && Objects.equals(live.getType(), desired.getType())) {
            return "unchanged";
        }
        live.setData(desired.getData());
        live.setType(desired.getType());
        client.secrets().inNamespace(ns).resource(live).update();
        return "configured";
    }

    /** When the next idle round is due (nanoTime): a cluster where nothing waits is looked at less often. */
    private long nextIdleRound;

    /**
     * Lets the controllers run once: workloads that waited long enough become ready. A round sweeps
     * the cluster only when something was written to its API since the last round (a new or changed
     * workload or node), when a workload waits, or every {@code idle} as a safety net: an idle cluster
     * costs no requests, so a hundred clusters do not keep the mock servers busy with list calls.
     */
    void reconcile(Duration idle) {
        boolean written = drainRequests();
        long now = System.nanoTime();
        if (!written && !workloads.pending() && now < nextIdleRound) {
            return;
        }
        nextIdleRound = now + idle.toNanos();
        Set<InetSocketAddress> ports = new HashSet<>();
        workloads.sweep().forEach((node, nodePorts) -> {
            InetAddress host = hosts.get(node);
            if (host != null) {
                nodePorts.forEach(p -> ports.add(new InetSocketAddress(host, p)));
            }
        });
        hostPorts.converge(ports);
    }

    /**
     * Drops the requests the mock server recorded (it keeps every one; a long-running sandbox must
     * not) and answers whether any of them wrote (anything but GET), including the controller's own
     * status writes, which cost one more sweep.
     */
    private boolean drainRequests() {
        boolean written = false;
        try {
            RecordedRequest r;
            for (int i = 0; i < 10_000 && (r = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null; i++) {
                written |= !"GET".equalsIgnoreCase(r.getMethod());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return written;
    }

    /** How many requests the mock API server has served so far (for tests). */
    int requestsServed() {
        return server.getRequestCount();
    }

    /** Where ready DaemonSet pods' host ports listen (instance address and port). */
    public Set<InetSocketAddress> hostPorts() {
        return hostPorts.listening();
    }

    /** Every object of the kinds kubelode creates or reads, for the admin API. */
    public List<HasMetadata> objects() {
        return KubeKinds.all(client);
    }

    private static String peerUrl(String ip) {
        return "https://" + ip + ":2380";
    }

    @Override
    public synchronized void close() {
        hostPorts.close();
        if (front != null) {
            front.close();
        }
        client.close();
        server.destroy();
    }
}
