package io.kubelode.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ClusterOrderTest {
    @Test
    void aClustersStepStartsOnlyOnceTheOneBeforeItCompletedAndOtherClustersGoOn() {
        ClusterOrder order = new ClusterOrder();
        List<String> started = new ArrayList<>();
        CompletableFuture<Void> firstOfA = new CompletableFuture<>();
        order.run("a", () -> {
            started.add("a1");
            return firstOfA;
        });
        CompletableFuture<String> secondOfA = order.run("a", () -> {
            started.add("a2");
            return CompletableFuture.completedFuture("a2 done");
        });
        CompletableFuture<String> firstOfB = order.run("b", () -> {
            started.add("b1");
            return CompletableFuture.completedFuture("b1 done");
        });

        assertThat(started).containsExactly("a1", "b1");
        assertThat(firstOfB).isCompletedWithValue("b1 done");
        assertThat(secondOfA).isNotDone();

        firstOfA.completeExceptionally(new IllegalStateException("a1 failed"));
        assertThat(started).containsExactly("a1", "b1", "a2");
        assertThat(secondOfA).isCompletedWithValue("a2 done");
    }

    @Test
    void aStepThatThrowsFailsItsOwnStageAndTheNextStepStillRuns() {
        ClusterOrder order = new ClusterOrder();
        CompletableFuture<Object> failing = order.run("a", () -> {
            throw new IllegalStateException("boom");
        });
        CompletableFuture<String> next = order.run("a", () -> CompletableFuture.completedFuture("ran"));
        assertThat(failing).isCompletedExceptionally();
        assertThat(next).isCompletedWithValue("ran");
    }
}
