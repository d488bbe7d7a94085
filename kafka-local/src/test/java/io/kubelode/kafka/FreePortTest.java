package io.kubelode.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortTest {
    @Test
    void neverHandsOutTheSamePortTwice() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            assertThat(ports.add(LocalKafka.freePort())).as("port %d handed out again", i).isTrue();
        }
    }
}
