package io.kubelode.dns.health;

import io.kubelode.dns.plan.WatchHistory;
import io.kubelode.events.Topics;
import io.kubelode.support.kafka.TopicFollower;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the retained history of kubelode.apps and kubelode.dns once, from the beginning to the
 * current end ({@link TopicFollower}, no consumer group), so the health monitor knows after a restart (or
 * a {@code kill -9}) which clusters it watched and which addresses it had withdrawn. Each cluster's
 * records are folded in their order on each topic; the order across the two does not change what is
 * watched (a cluster whose records were deleted is not watched, whatever its AppsDeployed).
 */
public final class WatchRecovery {
    private WatchRecovery() {
    }

    public static WatchHistory read(String bootstrapServers, Duration timeout) {
        WatchHistory history = new WatchHistory();
        try (TopicFollower follower = new TopicFollower(bootstrapServers, "dns-watch-recovery",
                List.of(Topics.APPS, Topics.DNS), event -> history.add(event.data())).start()) {
            follower.barrier().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the history", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the history within " + timeout, e);
        }
        return history;
    }
}
