package io.kubelode.chaos;

import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.StackService;
import java.time.Duration;

/**
 * The one stack every IT class of this module shares (one failsafe JVM): started on first use,
 * stopped when the JVM exits; the fault-free baseline cluster starts with it. Sandbox delays are short and its create limit is raised so that a
 * CI run stays short; the provisioner's own create limiter is set to match.
 */
final class ChaosStack {
    private static LocalStack stack;

    private ChaosStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            long t0 = System.nanoTime();
            LocalStack.Builder builder = LocalStack.builder().readyTimeout(Duration.ofSeconds(240));
            for (StackService s : StackService.values()) {
                // a SIGKILLed consumer holds its partitions until the group coordinator misses its
                // heartbeats: 6 s (the broker's minimum) instead of Kafka's default 45 s, else every
                // kill stalls that service's topics for 45 s after it is back
                builder.prop(s, "kafka.session.timeout.ms", "6000").prop(s, "kafka.heartbeat.interval.ms", "1500");
            }
            stack = builder
                    .prop(StackService.SANDBOX, "kubelode.sandbox.delays.provisioning", "300ms")
                    .prop(StackService.SANDBOX, "kubelode.sandbox.delays.boot", "500ms")
                    // the matrix creates 25 clusters (75 Linodes) at once: 20 per window would queue them for 40 s
                    .prop(StackService.SANDBOX, "kubelode.sandbox.rate-limit.creates", "80")
                    .prop(StackService.SANDBOX, "kubelode.sandbox.rate-limit.create-window", "10s")
                    .prop(StackService.PROVISIONER, "kubelode.provisioner.create-limit", "80")
                    .prop(StackService.PROVISIONER, "kubelode.provisioner.create-window", "11s")
                    .prop(StackService.PROVISIONER, "kubelode.provisioner.backoff-base", "200ms")
                    .prop(StackService.PROVISIONER, "kubelode.provisioner.backoff-max", "3s")
                    // NodeRepairIT: a reboot or a delete is seen within 2 s, not 10 (two requests a round)
                    .prop(StackService.PROVISIONER, "kubelode.provisioner.watch.interval", "2s")
                    // a deploy that never gets ready fails after this instead of 10 minutes (the apps x step case)
                    .prop(StackService.APPS, "kubelode.apps.ready-timeout", "45s")
                    .start();
            System.err.printf("chaos: stack up in %d ms (work dir %s)%n",
                    Duration.ofNanos(System.nanoTime() - t0).toMillis(), stack.workDir());
            LocalStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "chaos-stack-stop"));
            Capabilities.startBaseline(stack);
        }
        return stack;
    }
}
