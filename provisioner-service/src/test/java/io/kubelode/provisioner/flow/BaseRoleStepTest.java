package io.kubelode.provisioner.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubelode.events.FailureReason;
import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import io.kubelode.nodeshell.ShellException;
import io.kubelode.nodeshell.ssh.SshTarget;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The base role runs again when the connection failed under it (100 clusters at once: an SSH
 * channel the host never confirmed rolled a cluster back), and never when the script itself failed.
 */
class BaseRoleStepTest {

    @Test
    void aFailedConnectionIsRetriedAndTheScriptRunsAgain() throws Exception {
        Scripted shell = new Scripted();
        shell.answers.add(new ShellException("SSH channel to host not answered in time"));
        shell.answers.add(new CommandResult(0, "kubelode:changed\n", ""));
        CommandResult result = new BaseRoleStep(t -> shell, Duration.ofSeconds(5), Duration.ofSeconds(5))
                .apply(target(), () -> false);
        assertThat(result.exitStatus()).isZero();
        assertThat(shell.baseRoleRuns.get()).isEqualTo(2);
    }

    @Test
    void aFailingScriptIsNotRetried() throws Exception {
        Scripted shell = new Scripted();
        shell.answers.add(new CommandResult(3, "", "apt-get: no space left"));
        assertThatThrownBy(() -> new BaseRoleStep(t -> shell, Duration.ofSeconds(5), Duration.ofSeconds(5))
                .apply(target(), () -> false))
                .isInstanceOfSatisfying(StepFailure.class, f -> {
                    assertThat(f.reason()).isEqualTo(FailureReason.BASE_ROLE_FAILED);
                    assertThat(f.getMessage()).contains("exited 3").contains("no space left");
                });
        assertThat(shell.baseRoleRuns.get()).isEqualTo(1);
    }

    @Test
    void aConnectionThatKeepsFailingFailsTheStepAfterTheLastAttempt() throws Exception {
        Scripted shell = new Scripted();
        for (int i = 0; i < BaseRoleStep.SCRIPT_ATTEMPTS; i++) {
            shell.answers.add(new ShellException("SSH session failed: reset"));
        }
        assertThatThrownBy(() -> new BaseRoleStep(t -> shell, Duration.ofSeconds(5), Duration.ofSeconds(5))
                .apply(target(), () -> false))
                .isInstanceOf(StepFailure.class).hasMessageContaining("attempt 3 of 3");
        assertThat(shell.baseRoleRuns.get()).isEqualTo(BaseRoleStep.SCRIPT_ATTEMPTS);
    }

    private static SshTarget target() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        KeyPair host = g.generateKeyPair();
        return new SshTarget("127.0.0.1", 22, "root", host.getPublic(), g.generateKeyPair());
    }

    /** The SSH probe ("true") always answers; the base role takes the queued answers in turn. */
    private static final class Scripted implements NodeShell {
        final Deque<Object> answers = new ArrayDeque<>();
        final AtomicInteger baseRoleRuns = new AtomicInteger();

        @Override
        public CommandResult run(String script, Duration timeout) {
            if (script.equals("true")) {
                return new CommandResult(0, "", "");
            }
            baseRoleRuns.incrementAndGet();
            Object next = answers.removeFirst();
            if (next instanceof ShellException e) {
                throw e;
            }
            return (CommandResult) next;
        }

        @Override
        public String target() {
            return "scripted";
        }

        @Override
        public void close() {
        }
    }
}
