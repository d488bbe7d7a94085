package io.kubelode.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --stall SECONDS} for the verbs that follow a cluster. */
final class StallOption {
    @Option(names = "--stall", paramLabel = "SECONDS", description = "while following: give up with exit 7 when"
            + " no event arrives for this long, naming the layer that did not act (default: wait)")
    long seconds;

    Duration duration() {
        return seconds <= 0 ? null : Duration.ofSeconds(seconds);
    }
}
