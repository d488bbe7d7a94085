package io.kubelode.k8s.flow;

import io.kubelode.events.FailureReason;
import io.kubelode.layer.Retry;
import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import io.kubelode.nodeshell.ShellException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Runs one host script on a node: an unreachable node (connection or timeout) is transient and
 * retried with capped exponential back-off and jitter; a script that ran and failed is permanent
 * and fails the step at once. Scripts carry secrets: neither they nor their output are logged,
 * only their name and the tail of stderr on failure.
 */
public final class ScriptRunner {
    private static final Logger LOG = Logger.getLogger(ScriptRunner.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Duration timeout;
    private final Retry retry;

    public ScriptRunner(Duration timeout, int attempts, Duration backoff) {
        this.timeout = timeout;
        this.retry = new Retry(attempts, backoff, MAX_BACKOFF);
    }

    /**
     * Runs {@code script}; {@code what} names it in logs, {@code reason} is the failure reason. A connection
     * that fails is tried again ({@link Retry}); a script that exits non-zero is not.
     */
    public CommandResult run(NodeShell shell, String what, String script, FailureReason reason) {
        try {
            return retry.run(() -> once(shell, what, script, reason), e -> e instanceof ShellException,
                    (attempt, e) -> LOG.warnf("%s on %s, attempt %d of %d: %s", what, shell.target(), attempt,
                            retry.attempts(), e.getMessage()));
        } catch (ShellException e) {
            throw new K8sStepException(FailureReason.NODE_UNREACHABLE,
                    what + " on " + shell.target() + ": " + e.getMessage(), e);
        }
    }

    private CommandResult once(NodeShell shell, String what, String script, FailureReason reason) {
        long t0 = System.nanoTime();
        CommandResult r = shell.run(script, timeout);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (r.exitStatus() != 0) {
            throw new K8sStepException(reason, what + " on " + shell.target() + " exited " + r.exitStatus()
                    + ": " + r.stderrTail());
        }
        LOG.infof("%s on %s: %s in %d ms", what, shell.target(), r.changed() ? "changed" : "unchanged", ms);
        return r;
    }
}
