package io.kubelode.provisioner.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A cluster's creates go out in node order; a cancelled cluster lets its waiting creates go at once. */
class CreateOrderTest {
    @Test
    void aNodeWaitsForEveryEarlierNodeAndNotForLaterOnes() throws Exception {
        CreateOrder order = new CreateOrder(1, 3);
        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> order.awaitTurn(3, () -> false));
        assertThat(order.awaitTurn(1, () -> false)).as("node 1 never waits").isTrue();
        order.done(2); // node 2 found its instance: it does not hold node 3 behind node 1 for long
        Thread.sleep(300);
        assertThat(third).as("node 3 still waits for node 1").isNotDone();
        order.done(1);
        assertThat(third.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aCancelledClusterStopsItsWaitingCreates() throws Exception {
        CreateOrder order = new CreateOrder(4, 6);
        AtomicBoolean failed = new AtomicBoolean();
        CompletableFuture<Boolean> sixth = CompletableFuture.supplyAsync(() -> order.awaitTurn(6, failed::get));
        Thread.sleep(200);
        assertThat(sixth).isNotDone();
        failed.set(true);
        assertThat(sixth.get(5, TimeUnit.SECONDS)).as("a waiting create of a failed cluster is dropped").isFalse();
        assertThat(order.awaitTurn(4, failed::get)).as("not even the first node creates then").isFalse();
    }
}
