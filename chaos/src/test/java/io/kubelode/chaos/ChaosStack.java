package io.kubelode.chaos;

import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.StackService;
import java.time.Duration;

/**
 * The one stack every IT class of this module shares (one failsafe JVM): started on first use,
 * stopped when the JVM exits. Sandbox delays are short and its create limit is raised so that a
 * CI run stays short; the provisioner's own create limiter is set to match.
 */
final class ChaosStack {
    private static LocalStack stack;

    private ChaosStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            long t0 = System.nanoTime();
            stack = LocalStack.builder()
                    .readyTimeout(Duration.ofSeconds(240))
                    .prop(StackService.SANDBOX, "kubelode.sandbox.delays.provisioning", "300ms")
                    .prop(StackService.SANDBOX, "kubelode.sandbox.delays.boot", "500ms")
                    .prop(StackService.SANDBOX, "kubelode.sandbox.rate-limit.creates", "20")
                    .prop(StackService.SANDBOX, "kubelode.sandbox.rate-limit.create-window", "10s")
                    .prop(StackService.PROVISIONER, "kubelode.provisioner.create-limit", "20")
                    .prop(StackService.PROVISIONER, "kubelode.provisioner.create-window", "11s")
                    .prop(StackService.PROVISIONER, "kubelode.provisioner.backoff-base", "200ms")
                    .prop(StackService.PROVISIONER, "kubelode.provisioner.backoff-max", "3s")
                    // a deploy that never gets ready fails after this instead of 10 minutes (the apps x step case)
                    .prop(StackService.APPS, "kubelode.apps.ready-timeout", "45s")
                    .start();
            System.err.printf("chaos: stack up in %d ms (work dir %s)%n",
                    Duration.ofNanos(System.nanoTime() - t0).toMillis(), stack.workDir());
            LocalStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "chaos-stack-stop"));
        }
        return stack;
    }
}
