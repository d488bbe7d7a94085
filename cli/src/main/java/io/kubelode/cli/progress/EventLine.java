package io.kubelode.cli.progress;

import io.kubelode.cli.render.Times;
import java.time.Duration;
import java.time.Instant;

/** One plain line per event, for pipes and logs: {@code +00:12  containers  node 1: ...}. */
public final class EventLine {
    private EventLine() {
    }

    /** The line for an event at {@code time} of the given layer (null: the gateway's own events). */
    public static String of(ClusterProgress p, Instant time, String topic, String step) {
        Layer layer = Layer.ofTopic(topic);
        Duration since = p.requestedAt() == null || time == null ? Duration.ZERO : Duration.between(p.requestedAt(), time);
        return String.format("+%s  %-10s  %s", Times.clock(since), layer == null ? "cluster" : layer.label(), step);
    }
}
