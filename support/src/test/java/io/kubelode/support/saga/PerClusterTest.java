package io.kubelode.support.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PerClusterTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final PerCluster perCluster = new PerCluster(pool);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void oneClustersStepsRunInOrderEvenAfterAFailure() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = perCluster.run("a", () -> {
            await(release);
            order.add("deploy");
            throw new IllegalStateException("deploy failed");
        });
        CompletableFuture<Void> second = perCluster.run("a", () -> {
            order.add("teardown");
        });
        Thread.onSpinWait();
        assertThat(second).isNotDone();
        release.countDown();
        second.get(5, TimeUnit.SECONDS);
        assertThat(first).isCompletedExceptionally();
        assertThat(order).containsExactly("deploy", "teardown");
    }

    @Test
    void differentClustersRunSideBySide() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        CompletableFuture<Boolean> a = perCluster.run("a", () -> meet(both));
        CompletableFuture<Boolean> b = perCluster.run("b", () -> meet(both));
        assertThat(a.get(5, TimeUnit.SECONDS)).as("a met b while both ran").isTrue();
        assertThat(b.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theResultIsHandedBack() throws Exception {
        assertThat(perCluster.run("a", () -> 42).get(5, TimeUnit.SECONDS)).isEqualTo(42);
    }

    private static boolean meet(CountDownLatch latch) {
        latch.countDown();
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
