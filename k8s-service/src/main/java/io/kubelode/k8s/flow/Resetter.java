package io.kubelode.k8s.flow;

import io.kubelode.k8s.plan.scripts.ContainerScript;
import io.kubelode.k8s.plan.scripts.NodeScripts;
import io.kubelode.k8s.plan.scripts.Role;
import io.kubelode.k8s.plan.scripts.ScriptPaths;
import io.kubelode.support.shell.NodeShell;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.jboss.logging.Logger;

/**
 * The compensation: {@code kubeadm reset} and cleanup in every container. Workers first (all
 * at once), then the control planes from the last node to the first, so each control plane's
 * reset can still remove its own etcd member from a quorum that answers. Safe when nothing ran.
 */
public final class Resetter {
    private static final Logger LOG = Logger.getLogger(Resetter.class);

    /** A node's two containers. */
    public record Target(int node, String masterName, String workerName) {
    }

    private final ScriptRunner runner;
    private final ExecutorService nodeWork;
    private final ScriptPaths paths;

    public Resetter(ScriptRunner runner, ExecutorService nodeWork, ScriptPaths paths) {
        this.runner = runner;
        this.nodeWork = nodeWork;
        this.paths = paths;
    }

    /** Resets every container it can reach; returns the ones it could not reset (logged). */
    public List<String> resetAll(String clusterId, List<Target> targets, Map<Integer, NodeShell> shells) {
        List<String> failed = new ArrayList<>();
        List<CompletableFuture<Void>> workers = targets.stream().map(t -> CompletableFuture.runAsync(
                () -> reset(clusterId, t.node(), Role.WORKER, t.workerName(), shells, failed), nodeWork)).toList();
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        targets.stream().sorted(Comparator.comparingInt(Target::node).reversed())
                .forEach(t -> reset(clusterId, t.node(), Role.MASTER, t.masterName(), shells, failed));
        return failed;
    }

    private void reset(String clusterId, int node, Role role, String container, Map<Integer, NodeShell> shells,
                       List<String> failed) {
        NodeShell shell = shells.get(node);
        try {
            if (shell == null) {
                throw new K8sStepException(Reasons.NODE_UNREACHABLE, "no shell for node " + node);
            }
            runner.run(shell, "reset in " + container,
                    ContainerScript.wrap(role, container, NodeScripts.reset(paths)), Reasons.INTERNAL_ERROR);
        } catch (RuntimeException e) {
            LOG.warnf("%s: could not reset %s: %s", clusterId, container, e.getMessage());
            synchronized (failed) {
                failed.add(container);
            }
        }
    }
}
