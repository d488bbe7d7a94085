package io.kubelode.k8s.flow;

import io.kubelode.events.FailureReason;
import io.kubelode.k8s.plan.scripts.ContainerScript;
import io.kubelode.k8s.plan.scripts.NodeScripts;
import io.kubelode.k8s.plan.scripts.Role;
import io.kubelode.k8s.plan.scripts.ScriptPaths;
import io.kubelode.nodeshell.NodeShell;
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
 * reset can still remove its own etcd member from a quorum that answers. After each control
 * plane but node 1's, node 1's control plane removes that node's etcd member if it is still
 * listed: a join that failed after kubeadm added the member, and before its etcd started, leaves
 * a member that its own reset cannot remove (kubeadm #2095). Left there, it costs the quorum:
 * with one of three members never started, etcd refuses to remove a started one ("not enough
 * started members"), so the next reset could not leave either. Safe when nothing ran.
 */
public final class Resetter {
    private static final Logger LOG = Logger.getLogger(Resetter.class);

    /** A node's two containers, and its control plane's address (its etcd member's). */
    public record Target(int node, String masterName, String workerName, String masterAddress) {
    }

    /**
     * What a reset did.
     *
     * @param notReset          the containers it could not reset (unreachable: their instances go anyway)
     * @param leftoverMembers   the control planes whose etcd member was still listed after their reset, and removed
     */
    public record Outcome(List<String> notReset, List<String> leftoverMembers) {
    }

    private final ScriptRunner runner;
    private final ExecutorService nodeWork;
    private final ScriptPaths paths;

    public Resetter(ScriptRunner runner, ExecutorService nodeWork, ScriptPaths paths) {
        this.runner = runner;
        this.nodeWork = nodeWork;
        this.paths = paths;
    }

    /**
     * Resets every container of {@code targets} it can reach, and removes their control planes'
     * left-over etcd members through {@code firstMaster}, node 1's control plane (whose own shell
     * is {@code shells.get(1)}; node 1 itself need not be a target).
     */
    public Outcome resetAll(String clusterId, String firstMaster, List<Target> targets, Map<Integer, NodeShell> shells) {
        List<String> failed = new ArrayList<>();
        List<String> leftovers = new ArrayList<>();
        List<CompletableFuture<Void>> workers = targets.stream().map(t -> CompletableFuture.runAsync(
                () -> reset(clusterId, t.node(), Role.WORKER, t.workerName(), shells, failed), nodeWork)).toList();
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        targets.stream().sorted(Comparator.comparingInt(Target::node).reversed()).forEach(t -> {
            reset(clusterId, t.node(), Role.MASTER, t.masterName(), shells, failed);
            if (t.node() != 1 && firstMaster != null && removeLeftover(clusterId, firstMaster, t, shells.get(1))) {
                leftovers.add(t.masterName());
            }
        });
        if (!failed.isEmpty()) {
            LOG.warnf("%s: not reset (unreachable; their instances go with them): %s", clusterId, failed);
        }
        return new Outcome(List.copyOf(failed), List.copyOf(leftovers));
    }

    /** Whether {@code t}'s etcd member was still listed, and is now removed. */
    private boolean removeLeftover(String clusterId, String firstMaster, Target t, NodeShell first) {
        try {
            if (first == null) {
                throw new K8sStepException(FailureReason.NODE_UNREACHABLE, "no shell for node 1");
            }
            boolean removed = runner.run(first, "etcd-remove-member " + t.node(), ContainerScript.wrap(Role.MASTER,
                    firstMaster, NodeScripts.removeMember(paths, firstMaster, t.masterAddress())),
                    FailureReason.INTERNAL_ERROR).changed();
            if (removed) {
                LOG.infof("%s: removed the etcd member %s's reset left behind", clusterId, t.masterName());
            }
            return removed;
        } catch (RuntimeException e) {
            LOG.warnf("%s: could not check %s's etcd member from %s: %s", clusterId, t.masterName(), firstMaster,
                    e.getMessage());
            return false;
        }
    }

    private void reset(String clusterId, int node, Role role, String container, Map<Integer, NodeShell> shells,
                       List<String> failed) {
        NodeShell shell = shells.get(node);
        try {
            if (shell == null) {
                throw new K8sStepException(FailureReason.NODE_UNREACHABLE, "no shell for node " + node);
            }
            runner.run(shell, "reset in " + container,
                    ContainerScript.wrap(role, container, NodeScripts.reset(paths)), FailureReason.INTERNAL_ERROR);
        } catch (RuntimeException e) {
            LOG.warnf("%s: could not reset %s: %s", clusterId, container, e.getMessage());
            synchronized (failed) {
                failed.add(container);
            }
        }
    }
}
