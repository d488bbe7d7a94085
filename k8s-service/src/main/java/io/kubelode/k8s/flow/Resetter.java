package io.kubelode.k8s.flow;

import io.kubelode.events.FailureReason;
import io.kubelode.k8s.plan.scripts.ContainerScript;
import io.kubelode.k8s.plan.scripts.NodeScripts;
import io.kubelode.k8s.plan.scripts.Role;
import io.kubelode.k8s.plan.scripts.ScriptPaths;
import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import io.kubelode.nodeshell.script.HostScript;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.jboss.logging.Logger;

/**
 * The compensation: {@code kubeadm reset} and cleanup in every container. Workers first (all
 * at once), then the control planes from the last node to the first, so each control plane's
 * reset can still remove its own etcd member from a quorum that answers. After each control
 * plane's reset, a control plane that has joined and is not reset yet removes that node's etcd
 * member if it is still listed: a join that failed after kubeadm added the member, and before its
 * etcd started, leaves a member that its own reset cannot remove (kubeadm #2095). Left there, it
 * costs the quorum: with one of three members never started, etcd refuses to remove a started one
 * ("not enough started members"), so the next reset could not leave either. That control plane is
 * the lowest-numbered candidate whose join state says {@code joined} (asked once, when the first
 * member is to be removed): node 1's, unless node 1 was replaced and its fresh control plane never
 * joined (issue #25), where asking it would find no etcd and remove nothing. Safe when nothing ran.
 */
public final class Resetter {
    private static final Logger LOG = Logger.getLogger(Resetter.class);

    /** A node's two containers, and its control plane's address (its etcd member's). */
    public record Target(int node, String masterName, String workerName, String masterAddress) {
    }

    /** A control plane that left-over members may be removed through, if it has joined. */
    public record Via(int node, String masterName) {
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
     * left-over etcd members through the lowest-numbered of {@code through} that has joined and is
     * not reset yet (each one's shell is {@code shells.get(node)}; it need not be a target).
     */
    public Outcome resetAll(String clusterId, List<Via> through, List<Target> targets, Map<Integer, NodeShell> shells) {
        List<String> failed = new ArrayList<>();
        List<String> leftovers = new ArrayList<>();
        List<CompletableFuture<Void>> workers = targets.stream().map(t -> CompletableFuture.runAsync(
                () -> reset(clusterId, t.node(), Role.WORKER, t.workerName(), shells, failed), nodeWork)).toList();
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        Through via = new Through(clusterId, through, shells);
        targets.stream().sorted(Comparator.comparingInt(Target::node).reversed()).forEach(t -> {
            reset(clusterId, t.node(), Role.MASTER, t.masterName(), shells, failed);
            via.reset(t.node());
            via.pick().ifPresent(v -> {
                if (removeLeftover(clusterId, v, t, shells.get(v.node()))) {
                    leftovers.add(t.masterName());
                }
            });
        });
        if (!failed.isEmpty()) {
            LOG.warnf("%s: not reset (unreachable; their instances go with them): %s", clusterId, failed);
        }
        return new Outcome(List.copyOf(failed), List.copyOf(leftovers));
    }

    /** Whether {@code t}'s etcd member was still listed, and is now removed. */
    private boolean removeLeftover(String clusterId, Via via, Target t, NodeShell shell) {
        try {
            boolean removed = runner.run(shell, "etcd-remove-member " + t.node(), ContainerScript.wrap(Role.MASTER,
                    via.masterName(), NodeScripts.removeMember(paths, via.masterName(), t.masterAddress())),
                    FailureReason.INTERNAL_ERROR).changed();
            if (removed) {
                LOG.infof("%s: removed the etcd member %s's reset left behind", clusterId, t.masterName());
            }
            return removed;
        } catch (RuntimeException e) {
            LOG.warnf("%s: could not check %s's etcd member from %s: %s", clusterId, t.masterName(), via.masterName(),
                    e.getMessage());
            return false;
        }
    }

    /**
     * The candidates to remove left-over members through: each one's join state is asked at most
     * once, and only when a member is to be removed and every lower candidate has not joined; a
     * candidate whose own reset ran is out.
     */
    private final class Through {
        private final String clusterId;
        private final List<Via> candidates;
        private final Map<Integer, NodeShell> shells;
        private final Map<Integer, Boolean> joined = new HashMap<>();
        private final Set<Integer> reset = new HashSet<>();

        Through(String clusterId, List<Via> candidates, Map<Integer, NodeShell> shells) {
            this.clusterId = clusterId;
            this.candidates = candidates.stream().sorted(Comparator.comparingInt(Via::node)).toList();
            this.shells = shells;
        }

        void reset(int node) {
            reset.add(node);
        }

        Optional<Via> pick() {
            return candidates.stream().filter(v -> !reset.contains(v.node()))
                    .filter(v -> joined.computeIfAbsent(v.node(), n -> hasJoined(v))).findFirst();
        }

        private boolean hasJoined(Via v) {
            NodeShell shell = shells.get(v.node());
            if (shell == null) {
                return false;
            }
            try {
                CommandResult r = runner.run(shell, "join-state in " + v.masterName(), ContainerScript.wrap(Role.MASTER,
                        v.masterName(), NodeScripts.joinState(paths, Role.MASTER)), FailureReason.INTERNAL_ERROR);
                return Arrays.asList(HostScript.reportFields(r.stdout())).contains("state=joined");
            } catch (RuntimeException e) {
                LOG.warnf("%s: could not ask %s whether it has joined: %s", clusterId, v.masterName(), e.getMessage());
                return false;
            }
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
