package io.kubelode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitTest {
    @Test
    void httpStatusesMapToTheDocumentedCodes() {
        assertThat(Exit.forStatus(400)).isEqualTo(2);
        assertThat(Exit.forStatus(422)).isEqualTo(2);
        assertThat(Exit.forStatus(401)).isEqualTo(3);
        assertThat(Exit.forStatus(403)).isEqualTo(3);
        assertThat(Exit.forStatus(404)).isEqualTo(4);
        assertThat(Exit.forStatus(409)).isEqualTo(6);
        assertThat(Exit.forStatus(500)).isEqualTo(5);
        assertThat(Exit.forStatus(503)).isEqualTo(5);
    }

    @Test
    void theLegendNamesEveryCode() {
        for (int code = 0; code <= 7; code++) {
            assertThat(Exit.LEGEND).containsPattern("\n  " + code + "  \\S");
        }
    }
}
