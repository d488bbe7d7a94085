package io.kubelode.k8s.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BootstrapperPollTest {

    @Test
    void theReadyPollStartsShortSoAClusterReadyJustAfterTheLastJoinIsSeenAtOnce() {
        assertThat(Bootstrapper.firstPoll(Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aReadyPollShorterThanTheFirstPauseIsUsedAsIs() {
        assertThat(Bootstrapper.firstPoll(Duration.ofMillis(40))).isEqualTo(Duration.ofMillis(40));
    }
}
