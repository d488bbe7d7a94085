package io.kubelode.provisioner.flow;

import io.kubelode.events.FailureReason;
import io.kubelode.provisioner.linode.Instance;
import io.kubelode.provisioner.linode.LinodeApi;
import io.kubelode.provisioner.linode.LinodeApiException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for an instance to be {@code running}, checking with growing pauses (250 ms doubling to
 * a cap) rather than a tight loop; an instance found {@code offline} is booted.
 */
public final class BootWait {
    private final LinodeApi linode;
    private final Duration timeout;
    private final Duration maxPause;

    public BootWait(LinodeApi linode, Duration timeout, Duration maxPause) {
        this.linode = linode;
        this.timeout = timeout;
        this.maxPause = maxPause;
    }

    public Instance untilRunning(Instance created, BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Instance current = created;
        long pause = 250;
        boolean bootRequested = false;
        while (!current.isRunning()) {
            if (cancelled.getAsBoolean()) {
                throw new NodeCancelled("stopped waiting for " + current.label());
            }
            if (System.nanoTime() > deadline) {
                throw new StepFailure(FailureReason.BOOT_TIMED_OUT, current.label() + " is still " + current.status()
                        + " after " + timeout);
            }
            try {
                if (Instance.OFFLINE.equals(current.status()) && !bootRequested) {
                    linode.bootInstance(current.id());
                    bootRequested = true;
                }
                Thread.sleep(pause);
                pause = Math.min(maxPause.toMillis(), pause * 2);
                long id = current.id();
                current = linode.getInstance(id).orElseThrow(() -> new StepFailure(FailureReason.INSTANCE_GONE,
                        "instance " + id + " disappeared while booting"));
            } catch (LinodeApiException e) {
                throw InstanceStep.failure("wait for " + current.label(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeCancelled("interrupted", e);
            }
        }
        return current;
    }
}
