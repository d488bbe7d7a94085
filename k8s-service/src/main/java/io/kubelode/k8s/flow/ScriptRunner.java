package io.kubelode.k8s.flow;

import io.kubelode.events.FailureReason;
import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import io.kubelode.nodeshell.ShellException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
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
    private final int attempts;
    private final Duration backoff;

    public ScriptRunner(Duration timeout, int attempts, Duration backoff) {
        this.timeout = timeout;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    /** Runs {@code script}; {@code what} names it in logs, {@code reason} is the failure reason. */
    public CommandResult run(NodeShell shell, String what, String script, FailureReason reason) {
        ShellException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                long t0 = System.nanoTime();
                CommandResult r = shell.run(script, timeout);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (r.exitStatus() != 0) {
                    throw new K8sStepException(reason, what + " on " + shell.target() + " exited " + r.exitStatus()
                            + ": " + r.stderrTail());
                }
                LOG.infof("%s on %s: %s in %d ms", what, shell.target(), r.changed() ? "changed" : "unchanged", ms);
                return r;
            } catch (ShellException e) {
                last = e;
                LOG.warnf("%s on %s, attempt %d of %d: %s", what, shell.target(), attempt, attempts, e.getMessage());
                if (attempt < attempts) {
                    pause(attempt);
                }
            }
        }
        throw new K8sStepException(FailureReason.NODE_UNREACHABLE,
                what + " on " + shell.target() + ": " + last.getMessage(), last);
    }

    private void pause(int attempt) {
        long base = Math.min(MAX_BACKOFF.toMillis(), backoff.toMillis() << (attempt - 1));
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        try {
            Thread.sleep(jittered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new K8sStepException(FailureReason.INTERNAL_ERROR, "interrupted while backing off");
        }
    }
}
