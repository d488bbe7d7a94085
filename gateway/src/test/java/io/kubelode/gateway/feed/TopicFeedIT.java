package io.kubelode.gateway.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.Topics;
import io.kubelode.gateway.Bus;
import io.kubelode.gateway.Saga;
import io.kubelode.gateway.view.ClusterView;
import io.kubelode.events.Phase;
import io.kubelode.gateway.view.ReadModel;
import io.kubelode.kafka.SharedBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read model against a real broker: replay from the beginning, live follow, restart. */
class TopicFeedIT {

    private static TopicFeed feed(ReadModel model) {
        return new TopicFeed(SharedBroker.get().bootstrapServers(), model, Duration.ofMillis(100)).start();
    }

    @Test
    void aRestartedFeedRebuildsExactlyTheStateTheRunningOneShows() {
        String ready = "feed-r" + System.nanoTime() % 10000;
        String rolled = "feed-b" + System.nanoTime() % 10000;
        try (Bus bus = new Bus()) {
            ClusterRequested r1 = Saga.requested(ready + "-aaaaa", 3);
            ClusterRequested r2 = Saga.requested(rolled + "-bbbbb", 3);
            bus.publish(r1);
            bus.publish(r2);
            bus.publishPoison(Topics.LXC, r1.clusterId());

            ReadModel live = new ReadModel();
            try (TopicFeed running = feed(live)) {
                await().atMost(Duration.ofSeconds(30)).until(live::caughtUp);
                assertThat(live.cluster(r1.clusterId())).get().extracting(ClusterView::phase).isEqualTo(Phase.Pending);
                bus.publishAll(Saga.forward(r1.clusterId(), r1.spec()));
                bus.publishAll(Saga.lxcFailureAndRollback(r2.clusterId(), r2.spec()));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(live.cluster(r1.clusterId()).orElseThrow().phase()).isEqualTo(Phase.Ready);
                    assertThat(live.cluster(r2.clusterId()).orElseThrow().phase()).isEqualTo(Phase.RolledBack);
                });
                assertThat(running.poisonCount()).isGreaterThanOrEqualTo(1);

                ReadModel restarted = new ReadModel();
                try (TopicFeed second = feed(restarted)) {
                    await().atMost(Duration.ofSeconds(30)).until(restarted::caughtUp);
                    for (String id : List.of(r1.clusterId(), r2.clusterId())) {
                        assertThat(restarted.cluster(id)).isEqualTo(live.cluster(id));
                        assertThat(restarted.history(id)).isEqualTo(live.history(id));
                    }
                }
            }
            ReadModel afterStop = new ReadModel();
            try (TopicFeed third = feed(afterStop)) {
                await().atMost(Duration.ofSeconds(30)).until(afterStop::caughtUp);
                List<Phase> phases = new ArrayList<>();
                afterStop.cluster(r1.clusterId()).ifPresent(v -> phases.add(v.phase()));
                afterStop.cluster(r2.clusterId()).ifPresent(v -> phases.add(v.phase()));
                assertThat(phases).containsExactly(Phase.Ready, Phase.RolledBack);
                assertThat(afterStop.history(r1.clusterId())).hasSize(1 + r1.spec().nodes() * 2 + 4);
            }
        }
    }
}
