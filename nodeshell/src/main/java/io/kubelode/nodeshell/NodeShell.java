package io.kubelode.nodeshell;

import java.time.Duration;

/**
 * Runs scripts on one node. Implementations: SSH (sshj, key auth, pinned host key) against
 * Linode or the sandbox, and test executors such as a network namespace. Every layer runs its
 * host scripts through this interface, so the code path under test is the production one.
 *
 * <p>Script convention: bash with {@code set -euo pipefail}, idempotent, and printing a last
 * stdout line {@value #CHANGED} or {@value #UNCHANGED} so a rerun can prove it changed nothing.
 */
public interface NodeShell extends AutoCloseable {
    /** Last stdout line of a script that changed the node. */
    String CHANGED = "kubelode:changed";
    /** Last stdout line of a script that found everything as it should be. */
    String UNCHANGED = "kubelode:unchanged";

    /**
     * Runs {@code script} with bash (the script is sent on standard input, never on a command
     * line where {@code ps} would show it) and waits at most {@code timeout}.
     *
     * @throws ShellException when it cannot connect, the host key does not match, or the timeout passes
     */
    CommandResult run(String script, Duration timeout);

    /** Like {@link #run} but a non-zero exit fails with the command's stderr. */
    default CommandResult runChecked(String what, String script, Duration timeout) {
        CommandResult result = run(script, timeout);
        if (result.exitStatus() != 0) {
            throw new ShellException(what + " exited " + result.exitStatus() + ": " + result.stderrTail());
        }
        return result;
    }

    /** A short name of the target for logs, e.g. {@code root@127.0.10.1:22}. */
    String target();

    @Override
    void close();
}
