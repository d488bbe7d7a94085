package io.kubelode.network;

import io.kubelode.events.FailureReason;
import io.kubelode.layer.Retry;
import io.kubelode.network.plan.ClusterNetwork;
import io.kubelode.network.plan.MeshKey;
import io.kubelode.network.plan.NetworkScripts;
import io.kubelode.network.plan.NodeNetwork;
import io.kubelode.network.plan.NodeScript;
import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import io.kubelode.nodeshell.ShellException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;
import org.jboss.logging.Logger;

/**
 * Runs the network scripts on every node at once through {@link NodeShell}s and collects what
 * each node did. Unreachable nodes are retried with capped back-off; a failing script is not.
 */
public final class NetworkApplier {
    private static final Logger LOG = Logger.getLogger(NetworkApplier.class);

    /**
     * What one script did on one node.
     *
     * @param notes the script's own account of each change (its {@code kubelode:} lines on stderr)
     */
    public record NodeResult(int node, boolean changed, String notes) {
    }

    private final Executor executor;
    private final Duration timeout;
    private final Retry retry;

    public NetworkApplier(Executor executor, Duration timeout, int attempts, Duration backoff) {
        this.executor = executor;
        this.timeout = timeout;
        this.retry = new Retry(attempts, backoff, Duration.ofSeconds(30));
    }

    /** Applies every node's network; completes with one result per node or fails with the first failure. */
    public CompletableFuture<List<NodeResult>> apply(ClusterNetwork network, IntFunction<MeshKey> keys,
                                                     IntFunction<NodeShell> shells) {
        List<CompletableFuture<NodeResult>> all = new ArrayList<>();
        for (NodeNetwork node : network.nodes()) {
            all.add(CompletableFuture.supplyAsync(
                    () -> run(node.node(), NetworkScripts.apply(node, keys.apply(node.node())), shells), executor));
        }
        return collect(all);
    }

    /** Removes the network from the given nodes; a node where nothing was applied reports unchanged. */
    public CompletableFuture<List<NodeResult>> remove(String clusterId, List<Integer> nodes,
                                                      IntFunction<NodeShell> shells) {
        List<CompletableFuture<NodeResult>> all = new ArrayList<>();
        for (int n : nodes) {
            all.add(CompletableFuture.supplyAsync(() -> run(n, NetworkScripts.remove(clusterId, n), shells),
                    executor));
        }
        return collect(all);
    }

    private NodeResult run(int node, NodeScript script, IntFunction<NodeShell> shells) {
        try {
            return retry.run(() -> once(node, script, shells), e -> e instanceof ShellException,
                    (attempt, e) -> LOG.warnf("node %d: %s (attempt %d of %d), retrying", node,
                            mask(e.getMessage(), script), attempt, retry.attempts()));
        } catch (ShellException e) {
            throw new NetworkStepException(FailureReason.NODE_UNREACHABLE, "node " + node + ": "
                    + mask(String.valueOf(e.getMessage()), script), true);
        }
    }

    private NodeResult once(int node, NodeScript script, IntFunction<NodeShell> shells) {
        try (NodeShell shell = shells.apply(node)) {
            CommandResult result = shell.run(script.text(), timeout);
            if (result.exitStatus() != 0) {
                throw new NetworkStepException(FailureReason.NETWORK_SCRIPT_FAILED, "node " + node + ": "
                        + script.description() + " exited " + result.exitStatus() + ": "
                        + mask(errors(result), script), false);
            }
            String notes = mask(result.stderr().lines().filter(l -> l.startsWith("kubelode: "))
                    .collect(java.util.stream.Collectors.joining("\n")), script);
            LOG.debugf("node %d (%s): %s: %s%n%s", node, shell.target(), script.description(),
                    result.changed() ? NodeShell.CHANGED : NodeShell.UNCHANGED, notes);
            return new NodeResult(node, result.changed(), notes);
        }
    }

    /** The script's error lines without its own notes of what it changed before failing. */
    private static String errors(CommandResult result) {
        String errors = result.stderr().lines().filter(l -> !l.startsWith("kubelode: ") || l.contains("failed"))
                .collect(java.util.stream.Collectors.joining("\n")).strip();
        if (errors.isEmpty()) {
            return result.stderrTail();
        }
        return errors.length() <= 2000 ? errors : "…" + errors.substring(errors.length() - 2000);
    }

    // a tool that echoes a config line it cannot parse would echo the private key: never let it out
    private static String mask(String text, NodeScript script) {
        return script.mask(text);
    }

    private static CompletableFuture<List<NodeResult>> collect(List<CompletableFuture<NodeResult>> all) {
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((ok, failure) -> {
            List<NodeResult> results = new ArrayList<>();
            List<NetworkStepException> failures = new ArrayList<>();
            for (CompletableFuture<NodeResult> f : all) {
                try {
                    results.add(f.join());
                } catch (CompletionException e) {
                    failures.add(e.getCause() instanceof NetworkStepException s ? s
                            : new NetworkStepException(FailureReason.NETWORK_SCRIPT_FAILED,
                            String.valueOf(e.getCause()), false));
                }
            }
            if (!failures.isEmpty()) {
                NetworkStepException first = failures.get(0);
                StringBuilder message = new StringBuilder(first.getMessage());
                failures.stream().skip(1).forEach(f -> message.append("; ").append(f.getMessage()));
                throw new NetworkStepException(first.reason(), message.toString(),
                        failures.stream().allMatch(NetworkStepException::isTransient));
            }
            results.sort(Comparator.comparingInt(NodeResult::node));
            return results;
        });
    }
}
