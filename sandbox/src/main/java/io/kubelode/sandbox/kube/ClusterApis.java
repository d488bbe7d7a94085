package io.kubelode.sandbox.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.kubelode.sandbox.SandboxConfig;
import io.kubelode.sandbox.admin.AdminResource;
import io.kubelode.sandbox.fault.Faults;
import io.kubelode.sandbox.fault.Scope;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The Kubernetes APIs of the sandbox's clusters, one per kubelode cluster tag, each started by the
 * first successful {@code kubeadm init} and served at that instance's public address. A background
 * loop plays the clusters' controllers (see {@link WorkloadController}).
 */
@ApplicationScoped
public class ClusterApis implements AdminResource.Resettable {
    private static final Logger LOG = Logger.getLogger(ClusterApis.class);
    /**
     * How often a cluster where no workload waits and nothing was written is swept anyway (a safety
     * net: a write to its API makes the next round sweep it, see {@link KubeCluster#reconcile}).
     */
    private static final Duration IDLE_ROUND = Duration.ofSeconds(5);

    private final int port;
    private final Duration readyDelay;
    private final Faults faults;
    private final Map<String, KubeCluster> clusters = new ConcurrentHashMap<>();
    private final KubeClients clients = new KubeClients();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sandbox-kube-api");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService controllers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-kube-controllers");
        t.setDaemon(true);
        return t;
    });

    public ClusterApis(SandboxConfig config, Faults faults) {
        this.port = config.kube().port();
        this.readyDelay = config.kube().readyDelay();
        this.faults = faults;
        long every = Math.max(50, Math.min(250, readyDelay.toMillis() / 3));
        controllers.scheduleWithFixedDelay(this::reconcileAll, every, every, TimeUnit.MILLISECONDS);
    }

    public int port() {
        return port;
    }

    /**
     * Serves the cluster's API at {@code address}:{@link #port()} with the given identity; the
     * running API when this instance already serves it.
     *
     * @throws IOException when the port is taken at that address
     */
    public synchronized KubeCluster start(String tag, long instanceId, InetAddress address, ServerIdentity identity)
            throws IOException {
        return start(tag, instanceId, address, identity, InetAddress.getLoopbackAddress());
    }

    /**
     * With real machines: the cluster's API as plain HTTP at {@code bind} (an ephemeral port), where
     * the API server stand-in in the first control-plane container forwards what it decrypted; the
     * running API when this instance already serves it. {@code address} is the instance's public one.
     */
    public synchronized KubeCluster startForMachines(String tag, long instanceId, InetAddress address, InetAddress bind)
            throws IOException {
        return start(tag, instanceId, address, null, bind);
    }

    private KubeCluster start(String tag, long instanceId, InetAddress address, ServerIdentity identity,
                              InetAddress bind) throws IOException {
        KubeCluster running = clusters.get(tag);
        if (running != null && running.instanceId() == instanceId) {
            return running;
        }
        if (running != null) {
            stop(tag); // a fresh init elsewhere makes a new cluster, as kubeadm would
        }
        KubeCluster cluster = new KubeCluster(tag, instanceId, address, port, identity, bind, readyDelay,
                faults::neverReady, threads, clients);
        clusters.put(tag, cluster);
        LOG.infof("cluster %s: Kubernetes API at %s", tag,
                identity == null ? cluster.plainAddress() + " for the machines" : cluster.endpoint());
        return cluster;
    }

    public Optional<KubeCluster> get(String tag) {
        return Optional.ofNullable(clusters.get(tag));
    }

    public synchronized void stop(String tag) {
        KubeCluster cluster = clusters.remove(tag);
        if (cluster != null) {
            cluster.close();
            LOG.infof("cluster %s: Kubernetes API at %s stopped", tag, cluster.endpoint());
        }
    }

    /**
     * The instance is gone: an API it served, or whose control planes ran on it, stops unless a
     * control plane remains on another instance. One that remains keeps the cluster (as etcd
     * does): its API is served again where the next control plane joins ({@link #serveAt}).
     */
    public synchronized void instanceGone(long instanceId) {
        for (KubeCluster c : List.copyOf(clusters.values())) {
            if (c.instanceId() != instanceId && !c.hasControlPlaneOn(instanceId)) {
                continue;
            }
            boolean served = c.instanceId() == instanceId;
            if (!c.instanceGone(instanceId)) {
                stop(c.tag());
            } else if (served) {
                LOG.infof("cluster %s: the instance that served its API is gone; control planes remain, the next one "
                        + "to join serves it", c.tag());
            }
        }
    }

    /**
     * A control plane of {@code tag} joined on {@code instanceId}: when no instance serves the
     * cluster's API (the one that did is gone), it is served there, at {@code address} with
     * {@code identity} (null with real machines, where TLS ends in the machine). The API when there is one.
     *
     * @throws IOException when the port is taken at that address
     */
    public synchronized Optional<KubeCluster> serveAt(String tag, long instanceId, InetAddress address,
                                                      ServerIdentity identity) throws IOException {
        KubeCluster cluster = clusters.get(tag);
        if (cluster != null && !cluster.served()) {
            cluster.serveAt(instanceId, address, identity);
            LOG.infof("cluster %s: Kubernetes API served again at %s", tag, cluster.endpoint());
        }
        return Optional.ofNullable(cluster);
    }

    @Override
    public synchronized void reset() {
        List.copyOf(clusters.keySet()).forEach(this::stop);
    }

    private void reconcileAll() {
        for (KubeCluster cluster : clusters.values()) {
            try {
                cluster.reconcile(IDLE_ROUND);
            } catch (RuntimeException e) {
                LOG.debugf("cluster %s: controller round failed: %s", cluster.tag(), e.getMessage());
            }
        }
    }

    /** A node as the admin sees it. */
    public record NodeView(String name, boolean ready, List<String> roles) {}

    /** A cluster's API as the admin sees it; {@code hostPorts}: where ready DaemonSets' host ports listen. */
    public record ApiView(String clusterTag, String endpoint, long instanceId, List<NodeView> nodes,
                          List<String> etcdMembers, List<String> hostPorts) {}

    /** An object in a cluster's API (never a Secret's data). */
    public record ObjectView(String kind, String namespace, String name, Map<String, String> labels) {}

    public List<ApiView> views() {
        List<ApiView> views = new ArrayList<>();
        for (KubeCluster c : clusters.values()) {
            try {
                List<NodeView> nodes = c.client().nodes().list().getItems().stream().map(ClusterApis::node)
                        .sorted(Comparator.comparing(NodeView::name)).toList();
                List<String> ports = c.hostPorts().stream().map(a -> a.getHostString() + ":" + a.getPort()).sorted()
                        .toList();
                views.add(new ApiView(c.tag(), c.endpoint(), c.instanceId(), nodes, c.members(), ports));
            } catch (RuntimeException e) {
                LOG.debugf("cluster %s: cannot list its nodes: %s", c.tag(), e.getMessage());
            }
        }
        views.sort(Comparator.comparing(ApiView::clusterTag));
        return views;
    }

    /** The objects of one cluster's API; empty when no API serves that tag (or {@code kl:<tag>}). */
    public Optional<List<ObjectView>> objects(String tag) {
        KubeCluster c = clusters.get(tag);
        if (c == null) {
            c = clusters.get(Scope.CLUSTER_TAG_PREFIX + tag);
        }
        if (c == null) {
            return Optional.empty();
        }
        return Optional.of(c.objects().stream().map(ClusterApis::object).toList());
    }

    private static NodeView node(Node n) {
        boolean ready = n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions()
                .stream().anyMatch(x -> "Ready".equals(x.getType()) && "True".equals(x.getStatus()));
        List<String> roles = n.getMetadata().getLabels() == null ? List.of() : n.getMetadata().getLabels().keySet()
                .stream().filter(k -> k.startsWith("node-role.kubernetes.io/"))
                .map(k -> k.substring("node-role.kubernetes.io/".length())).sorted().toList();
        return new NodeView(n.getMetadata().getName(), ready, roles);
    }

    private static ObjectView object(HasMetadata o) {
        return new ObjectView(o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName(),
                o.getMetadata().getLabels() == null ? Map.of() : new TreeMap<>(o.getMetadata().getLabels()));
    }

    /** Stops every API and the controllers (also at shutdown). */
    @PreDestroy
    public void stopAll() {
        controllers.shutdownNow();
        reset();
        threads.shutdownNow();
        clients.close();
    }
}
