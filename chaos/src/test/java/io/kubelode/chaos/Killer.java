package io.kubelode.chaos;

import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.StackService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A thread that SIGKILLs a random service every {@code interval}, restarts it (same port, same
 * configuration) and waits until it is ready again, until stopped. The sandbox is never a target:
 * it stands in for Linode, whose state outlives kubelode's processes.
 */
final class Killer implements AutoCloseable {
    private final LocalStack stack;
    private final List<StackService> targets;
    private final Duration interval;
    private final Random random;
    private final List<String> kills = java.util.Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile Throwable failure;

    Killer(LocalStack stack, List<StackService> targets, Duration interval, long seed) {
        this.stack = stack;
        this.targets = List.copyOf(targets);
        this.interval = interval;
        this.random = new Random(seed);
        this.thread = new Thread(this::run, "chaos-killer");
        this.thread.setDaemon(true);
    }

    Killer start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            // the stop signal doubles as the pause between kills
            while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                StackService victim = targets.get(random.nextInt(targets.size()));
                long t0 = System.nanoTime();
                stack.kill(victim);
                stack.restart(victim);
                kills.add(String.format("%s (back in %d ms)", victim,
                        Duration.ofNanos(System.nanoTime() - t0).toMillis()));
                System.err.println("chaos: killed and restarted " + kills.get(kills.size() - 1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** The kills so far, e.g. {@code "lxc-service (back in 9123 ms)"}. */
    List<String> kills() {
        synchronized (kills) {
            return List.copyOf(kills);
        }
    }

    /** Stops killing; waits for a restart in progress; fails if a restart failed. */
    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(Duration.ofMinutes(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new AssertionError("the killer failed to restart a service", failure);
        }
    }
}
