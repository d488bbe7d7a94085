package io.kubelode.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.EventType;
import io.kubelode.testkit.stack.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broker is killed (SIGKILL) while clusters are mid-flow and started again on the same data
 * a few seconds later: every service reconnects and every cluster ends as a fault-free one does,
 * is deleted, and leaves nothing; no Linode is created twice and no record reaches a dead letter topic.
 */
class BrokerRestartIT {

    @AfterEach
    void clearFaults() {
        ChaosStack.get().sandbox().clearFaults();
    }

    @Test
    void everythingResumesAfterTheBrokerRestartsMidFlow() throws Exception {
        LocalStack stack = ChaosStack.get();
        String expected = Capabilities.baseline(stack).phase();
        long creates = stack.sandbox().stats().path("createsAccepted").asLong();
        int deadBefore = ChaosIT.dlqRecords(stack).size();
        // node 3 of each cluster boots late, so each cluster is still mid-flow when the broker goes
        stack.sandbox().fault(Map.of("type", "slow-boot", "label_pattern", "brokerx.*-3", "delay_ms", 5000));
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            ids.add(stack.gateway().create(Saga.spec("brokerx" + i, 3), null));
        }
        // mid-flow: the first nodes are provisioned, the last one still boots
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300)).until(() ->
                ids.stream().allMatch(id -> !Saga.of(Saga.recentHistory(stack, id), EventType.NODE_PROVISIONED)
                        .isEmpty()));

        long t0 = System.nanoTime();
        stack.killBroker();
        Thread.sleep(3000); // the outage itself: the broker stays away for a while, on purpose
        stack.restartBroker();
        System.err.printf("chaos: broker down and back in %d ms%n",
                Duration.ofNanos(System.nanoTime() - t0).toMillis());

        for (String id : ids) {
            assertThat(Saga.awaitPhase(stack, id, Duration.ofMinutes(6), Set.of("Ready", "RolledBack", "Failed")))
                    .isEqualTo(expected);
        }
        for (String id : ids) {
            stack.gateway().delete(id);
        }
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Saga.awaitPhase(stack, id, Duration.ofMinutes(4), Set.of("Deleted"));
            Saga.assertNothingLeft(stack, id, "brokerx" + (i + 1));
            Saga.assertHistory(Saga.history(stack, id), id, 3, "Deleted");
        }
        assertThat(stack.sandbox().stats().path("createsAccepted").asLong() - creates)
                .as("one Linode per node across the broker restart").isEqualTo(6);
        for (String id : ids) {
            assertThat(Saga.createsOf(stack, id)).as("Linodes created for %s: one per node", id).isEqualTo(3L);
        }
        List<?> dead = ChaosIT.dlqRecords(stack);
        assertThat(dead.subList(deadBefore, dead.size())).as("dead letters").isEmpty();
    }
}
