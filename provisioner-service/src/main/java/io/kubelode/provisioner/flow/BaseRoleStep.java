package io.kubelode.provisioner.flow;

import io.kubelode.events.FailureReason;
import io.kubelode.layer.Retry;
import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import io.kubelode.nodeshell.ShellException;
import io.kubelode.nodeshell.script.HostScript;
import io.kubelode.nodeshell.ssh.SshTarget;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Applies {@code scripts/base-role.sh} over SSH. The first connection is retried with back-off
 * until the node's sshd answers with the pinned host key (cloud-init installs it during the first
 * boot); a key mismatch is never accepted, only waited out until the deadline.
 */
public final class BaseRoleStep {
    private static final Logger LOG = Logger.getLogger(BaseRoleStep.class);
    /** {@code scripts/base-role.sh} as sent: it declares its name and takes no inputs. */
    public static final String SCRIPT = HostScript.load(BaseRoleStep.class, "base-role.sh").render(Map.of());

    private final ShellFactory shells;
    /** Runs of the base role when the connection, not the script, fails. */
    static final int SCRIPT_ATTEMPTS = 3;
    private static final Retry SCRIPT_RETRY = new Retry(SCRIPT_ATTEMPTS, Duration.ofSeconds(1), Duration.ofSeconds(2));
    private final Duration sshReadyTimeout;
    private final Duration scriptTimeout;

    public BaseRoleStep(ShellFactory shells, Duration sshReadyTimeout, Duration scriptTimeout) {
        this.shells = shells;
        this.sshReadyTimeout = sshReadyTimeout;
        this.scriptTimeout = scriptTimeout;
    }

    public CommandResult apply(SshTarget target, BooleanSupplier cancelled) {
        try (NodeShell shell = shells.open(target)) {
            awaitSsh(shell, target, cancelled);
            // a failed connection, not a failed script (a reset, an SSH channel that was never confirmed): the
            // script is idempotent, so it runs again on a new connection
            AtomicInteger attempts = new AtomicInteger();
            CommandResult result;
            try {
                result = SCRIPT_RETRY.run(() -> {
                    attempts.incrementAndGet();
                    return shell.run(SCRIPT, scriptTimeout);
                }, e -> e instanceof ShellException && !cancelled.getAsBoolean(), (attempt, e) -> LOG.warnf(
                        "base role on %s, attempt %d of %d: %s", target.address(), attempt, SCRIPT_ATTEMPTS,
                        e.getMessage()));
            } catch (ShellException e) {
                throw new StepFailure(FailureReason.BASE_ROLE_FAILED, e.getMessage() + " (attempt " + attempts.get()
                        + " of " + SCRIPT_ATTEMPTS + ")", e);
            }
            if (result.exitStatus() != 0) {
                throw new StepFailure(FailureReason.BASE_ROLE_FAILED, "base role on " + target.host() + " exited "
                        + result.exitStatus() + ": " + result.stderrTail());
            }
            LOG.infof("base role on %s: %s", target.address(), result.changed() ? "changed" : "unchanged");
            return result;
        }
    }

    private void awaitSsh(NodeShell shell, SshTarget target, BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + sshReadyTimeout.toNanos();
        long pause = 250;
        while (true) {
            try {
                shell.runChecked("ssh probe", "true", Duration.ofSeconds(30));
                return;
            } catch (ShellException e) {
                if (cancelled.getAsBoolean()) {
                    throw new NodeCancelled("stopped connecting to " + target.address());
                }
                if (System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw new StepFailure(FailureReason.SSH_UNREACHABLE, "no SSH session with " + target
                            + " within " + sshReadyTimeout + ": " + e.getMessage(), e);
                }
                LOG.debugf("SSH to %s not ready: %s", target.address(), e.getMessage());
                sleep(pause);
                pause = Math.min(5000, pause * 2);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeCancelled("interrupted", e);
        }
    }
}
