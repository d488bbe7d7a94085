package io.kubelode.k8s.flow;

import io.kubelode.events.FailureReason;
import io.kubelode.events.K8sEvent.ClusterJoined;
import io.kubelode.k8s.api.ClusterApi;
import io.kubelode.k8s.api.ClusterApiFactory;
import io.kubelode.nodeshell.script.HostScript;
import io.kubelode.k8s.api.ClusterVerifier;
import io.kubelode.k8s.api.ClusterVerifier.Verification;
import io.kubelode.k8s.pki.ClusterPki;
import io.kubelode.k8s.plan.ClusterLayout;
import io.kubelode.k8s.plan.ClusterNode;
import io.kubelode.k8s.plan.kubeadm.Kubeadm;
import io.kubelode.k8s.plan.scripts.NodeScripts;
import io.kubelode.k8s.plan.scripts.PackageSource;
import io.kubelode.k8s.plan.scripts.Role;
import io.kubelode.k8s.plan.scripts.Script;
import io.kubelode.k8s.plan.scripts.ScriptPaths;
import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.jboss.logging.Logger;

/**
 * The forward steps of the k8s layer for one cluster, each an idempotent ensure, in order:
 * PKI → every container prepared (all at once) → every container's join state read (once per run)
 * → the seed: the lowest-numbered node whose control plane has joined, or, when none has, node 1
 * after {@code kubeadm init} → the bootstrap token in the cluster, through the seed → every other
 * control plane that has not joined: its stale etcd member removed through the seed, then joined
 * (one by one: stacked etcd grows one member at a time) → workers that have not joined, joined
 * (concurrently) → every node Ready through the API → the admin kubeconfig handed over (sealed, for
 * the apps layer and the gateway).
 *
 * <p>The seed is not always node 1 because a node can be replaced in place (issue #25): its
 * containers come back with the same names and addresses, fresh and empty, while the others still
 * hold the cluster. An {@code init} there would start a second, separate cluster; instead the node
 * joins the running one like any other, through a control plane that is alive. Its old etcd member,
 * dead, is still listed, and etcd refuses to add a peer URL it already lists: it is removed first.
 */
public final class Bootstrapper {
    private static final Logger LOG = Logger.getLogger(Bootstrapper.class);

    /** Everything the bootstrapper needs besides the cluster. */
    public record Settings(PackageSource packages, ScriptPaths paths, Duration readyTimeout, Duration readyPoll) {
    }

    private final ClusterSecrets secrets;
    private final ScriptRunner runner;
    private final ClusterApiFactory apis;
    private final ExecutorService nodeWork;
    private final Settings settings;

    public Bootstrapper(ClusterSecrets secrets, ScriptRunner runner, ClusterApiFactory apis, ExecutorService nodeWork,
                        Settings settings) {
        this.secrets = secrets;
        this.runner = runner;
        this.apis = apis;
        this.nodeWork = nodeWork;
        this.settings = settings;
    }

    /** Brings the cluster up (or finds it up) and proves it through the API. */
    public ClusterJoined bootstrap(ClusterLayout layout, Map<Integer, NodeShell> shells) {
        ClusterPki pki = pki(layout);
        NodeScripts scripts = new NodeScripts(layout, pki, settings.packages(), settings.paths());
        Steps steps = new Steps(layout, scripts, shells);
        steps.prepareAll();
        steps.readJoinStates();
        int seed = steps.seed();
        steps.ensureToken(seed);
        for (ClusterNode node : layout.nodes()) {
            if (node.node() != seed) {
                steps.joinControlPlane(node.node(), seed);
            }
        }
        steps.joinWorkers();
        return verify(layout, pki);
    }

    /**
     * The API endpoint kubelode (and the person) reach the cluster through: node 1's public address,
     * whichever node was the seed. After node 1 was replaced this is its new address; the bootstrap's
     * verification dials it and hands the kubeconfig over again with it.
     */
    public static String apiEndpoint(ClusterLayout layout) {
        return "https://" + layout.first().publicIpv4() + ":" + Kubeadm.API_PORT;
    }

    private ClusterPki pki(ClusterLayout layout) {
        try {
            return secrets.ensure(layout.clusterId(), layout.subjectAltNames()).pki();
        } catch (RuntimeException e) {
            throw new K8sStepException(FailureReason.PKI_UNAVAILABLE, "the sealed PKI of " + layout.clusterId()
                    + " is unavailable: " + e.getMessage(), e);
        }
    }

    private ClusterJoined verify(ClusterLayout layout, ClusterPki pki) {
        String endpoint = apiEndpoint(layout);
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        Verification last = null;
        RuntimeException lastError = null;
        // back off from a short first pause to readyPoll: a cluster that is Ready a moment after the
        // last join is seen at once, not a whole readyPoll later (BENCHMARKS.md: the k8s layer's idle time)
        Duration pause = firstPoll(settings.readyPoll());
        try (ClusterApi api = apis.connect(pki.adminKubeconfig(endpoint))) {
            while (true) {
                try {
                    last = ClusterVerifier.verify(api, layout);
                    lastError = null;
                    if (last.complete()) {
                        handOver(pki, endpoint);
                        return new ClusterJoined(layout.clusterId(), endpoint, layout.kubernetesVersion(), last.nodes(),
                                last.etcdMembers());
                    }
                } catch (RuntimeException e) {
                    lastError = e; // the API may not answer yet: keep polling until the deadline
                }
                if (System.nanoTime() >= deadline) {
                    break;
                }
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(settings.readyPoll()) > 0 ? settings.readyPoll()
                        : pause.multipliedBy(2);
            }
        }
        String why = last != null ? String.join("; ", last.problems())
                : "the API at " + endpoint + " did not answer: " + (lastError == null ? "?" : lastError.getMessage());
        throw new K8sStepException(FailureReason.NODES_NOT_READY,
                "not Ready after " + settings.readyTimeout() + ": " + why);
    }

    private void handOver(ClusterPki pki, String endpoint) {
        try {
            secrets.handOverKubeconfig(pki, endpoint);
        } catch (RuntimeException e) {
            throw new K8sStepException(FailureReason.KUBECONFIG_NOT_SAVED, "the admin kubeconfig of " + pki.clusterId()
                    + " could not be sealed for the apps layer and the gateway: " + e.getMessage(), e);
        }
    }

    /** The first pause of the Ready poll: 100 ms, or readyPoll if that is shorter. */
    static Duration firstPoll(Duration readyPoll) {
        Duration first = Duration.ofMillis(100);
        return readyPoll.compareTo(first) < 0 ? readyPoll : first;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new K8sStepException(FailureReason.INTERNAL_ERROR, "interrupted while waiting for Ready");
        }
    }

    /** The steps of one run, bound to its cluster, scripts and shells. */
    private final class Steps {
        private final ClusterLayout layout;
        private final NodeScripts scripts;
        private final Map<Integer, NodeShell> shells;
        /** Each container's join state ({@code joined}, {@code partial}, {@code absent}), read at the start of the run. */
        private final Map<String, String> states = new ConcurrentHashMap<>();

        Steps(ClusterLayout layout, NodeScripts scripts, Map<Integer, NodeShell> shells) {
            this.layout = layout;
            this.scripts = scripts;
            this.shells = shells;
        }

        /** Both containers of every node at once: nothing in one container's install waits on the other's. */
        void prepareAll() {
            onEveryNode(n -> all(java.util.stream.Stream.of(Role.MASTER, Role.WORKER).map(role -> CompletableFuture.runAsync(
                    () -> run(n, role, "prepare", scripts.prepare(n, role), FailureReason.RUNTIME_INSTALL_FAILED),
                    nodeWork))));
        }

        /**
         * Every container's join state, all at once and once per run: only a container's own steps
         * change it, and they come later in this run, so what was read stays true until then.
         */
        void readJoinStates() {
            all(layout.nodes().stream().flatMap(node -> java.util.stream.Stream.of(Role.MASTER, Role.WORKER)
                    .map(role -> CompletableFuture.runAsync(() -> {
                        int n = node.node();
                        CommandResult r = run(n, role, "join-state", scripts.joinState(role), reason(n, role));
                        String state = java.util.Arrays.stream(HostScript.reportFields(r.stdout()))
                                .filter(f -> f.startsWith("state=")).map(f -> f.substring(6))
                                .findFirst().orElse("absent");
                        states.put(key(n, role), state);
                    }, nodeWork))));
        }

        /**
         * The node whose control plane the others join through and the bootstrap token is applied on:
         * the lowest-numbered one that has joined; when none has, the first node, after {@code kubeadm init}.
         */
        int seed() {
            int first = layout.first().node();
            java.util.Optional<Integer> joined = layout.nodes().stream().map(ClusterNode::node)
                    .filter(n -> "joined".equals(states.get(key(n, Role.MASTER)))).findFirst();
            if (joined.isPresent()) {
                int seed = joined.get();
                if (seed != first) {
                    LOG.infof("%s: node %d's control plane has not joined; node %d's is the seed", layout.clusterId(),
                            first, seed);
                }
                // a re-issued API server certificate (new addresses) reaches the seed too
                run(seed, Role.MASTER, "write-pki", scripts.writePki(seed), FailureReason.CONTROL_PLANE_INIT_FAILED);
                return seed;
            }
            resetIfPartial(first, Role.MASTER, FailureReason.CONTROL_PLANE_INIT_FAILED);
            run(first, Role.MASTER, "write-pki", scripts.writePki(first), FailureReason.CONTROL_PLANE_INIT_FAILED);
            run(first, Role.MASTER, "init", scripts.init(), FailureReason.CONTROL_PLANE_INIT_FAILED);
            return first;
        }

        void ensureToken(int seed) {
            run(seed, Role.MASTER, "ensure-token", scripts.ensureToken(), FailureReason.CONTROL_PLANE_INIT_FAILED);
        }

        /** Node {@code n}'s control plane, joined through the seed's unless it has joined already. */
        void joinControlPlane(int n, int seed) {
            boolean joined = "joined".equals(resetIfPartial(n, Role.MASTER, FailureReason.CONTROL_PLANE_JOIN_FAILED));
            if (!joined) {
                // kubeadm #2095, and a replaced node's old member: never re-add on top of a listed member
                run(seed, Role.MASTER, "etcd-remove-member " + n, scripts.removeMember(seed, n),
                        FailureReason.CONTROL_PLANE_JOIN_FAILED);
            }
            // also on a joined one: a re-issued API server certificate (new addresses) reaches every control plane
            run(n, Role.MASTER, "write-pki", scripts.writePki(n), FailureReason.CONTROL_PLANE_JOIN_FAILED);
            if (!joined) {
                run(n, Role.MASTER, "join", scripts.join(n, Role.MASTER), FailureReason.CONTROL_PLANE_JOIN_FAILED);
            }
        }

        void joinWorkers() {
            onEveryNode(n -> {
                if (!"joined".equals(resetIfPartial(n, Role.WORKER, FailureReason.WORKER_JOIN_FAILED))) {
                    run(n, Role.WORKER, "join", scripts.join(n, Role.WORKER), FailureReason.WORKER_JOIN_FAILED);
                }
            });
        }

        /** The container's join state as read; a half-done init/join is reset first, and then counts as absent. */
        private String resetIfPartial(int n, Role role, FailureReason reason) {
            String state = states.getOrDefault(key(n, role), "absent");
            if ("partial".equals(state)) {
                LOG.infof("%s node %d %s: a previous attempt stopped half-way, resetting it", layout.clusterId(), n,
                        role);
                run(n, role, "reset", scripts.reset(), reason);
                states.put(key(n, role), "absent");
                return "absent";
            }
            return state;
        }

        /** The failure reason of a step in node {@code n}'s container of {@code role} before its init or join. */
        private FailureReason reason(int n, Role role) {
            if (role == Role.WORKER) {
                return FailureReason.WORKER_JOIN_FAILED;
            }
            return n == layout.first().node() ? FailureReason.CONTROL_PLANE_INIT_FAILED
                    : FailureReason.CONTROL_PLANE_JOIN_FAILED;
        }

        private String key(int n, Role role) {
            return NodeScripts.name(layout.node(n), role);
        }

        private CommandResult run(int n, Role role, String what, Script script, FailureReason reason) {
            NodeShell shell = shells.get(n);
            String name = NodeScripts.name(layout.node(n), role);
            return runner.run(shell, what + " in " + name, scripts.inContainer(n, role, script), reason);
        }

        private void onEveryNode(java.util.function.IntConsumer work) {
            all(layout.nodes().stream().map(node -> CompletableFuture.runAsync(() -> work.accept(node.node()), nodeWork)));
        }

        /** Waits for every one of them; the first failure is thrown as it was thrown. */
        private void all(java.util.stream.Stream<CompletableFuture<Void>> work) {
            List<CompletableFuture<Void>> all = work.toList();
            try {
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
    }
}
