package io.kubelode.dns.plan;

import io.kubelode.events.FailureReason;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides from probe rounds when a node is down and when it is healthy again: down after
 * {@code failuresToDown} bad rounds in a row, up after {@code successesToUp} good rounds in a row,
 * so one lost packet neither withdraws nor restores an address. Not thread-safe: one cluster's
 * rounds are fed by one thread at a time.
 */
public final class HealthTracker {
    /** One probe round of one node. */
    public record Probe(boolean apiReady, boolean portsOpen) {
        public boolean ok() {
            return apiReady && portsOpen;
        }

        /** Why a node failing this round is down: NODE_NOT_READY or PORTS_UNREACHABLE. */
        FailureReason reason() {
            return apiReady ? FailureReason.PORTS_UNREACHABLE : FailureReason.NODE_NOT_READY;
        }
    }

    /** A node changed state; {@code reason} says why it is down, null when it is healthy again. */
    public record Transition(String address, boolean down, FailureReason reason) {
    }

    private final int failuresToDown;
    private final int successesToUp;
    private final Map<String, int[]> streaks = new HashMap<>();
    private final Map<String, Boolean> down = new HashMap<>();

    public HealthTracker(int failuresToDown, int successesToUp) {
        if (failuresToDown < 1 || successesToUp < 1) {
            throw new IllegalArgumentException("thresholds must be at least 1");
        }
        this.failuresToDown = failuresToDown;
        this.successesToUp = successesToUp;
    }

    /** Records a round; returns the transition it caused, if any. */
    public Optional<Transition> record(String address, Probe probe) {
        int[] s = streaks.computeIfAbsent(address, a -> new int[2]);
        boolean wasDown = down.getOrDefault(address, false);
        if (probe.ok()) {
            s[0] = 0;
            s[1]++;
            if (wasDown && s[1] >= successesToUp) {
                down.put(address, false);
                return Optional.of(new Transition(address, false, null));
            }
        } else {
            s[1] = 0;
            s[0]++;
            if (!wasDown && s[0] >= failuresToDown) {
                down.put(address, true);
                return Optional.of(new Transition(address, true, probe.reason()));
            }
        }
        return Optional.empty();
    }

    /** Starts from a known down state (a watch replaced by a new one keeps what the old one decided). */
    public void markDown(String address) {
        down.put(address, true);
        streaks.put(address, new int[2]);
    }

    /** Whether the node is considered down now. */
    public boolean isDown(String address) {
        return down.getOrDefault(address, false);
    }
}
