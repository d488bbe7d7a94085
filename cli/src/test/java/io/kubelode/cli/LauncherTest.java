package io.kubelode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The launcher script is checked by the real shellcheck. */
class LauncherTest {
    @Test
    void theLauncherIsShellcheckClean() throws Exception {
        Path script = Path.of("kubelode-cli");
        assertThat(Files.isExecutable(script)).isTrue();
        Process p = new ProcessBuilder("shellcheck", "--severity=style", script.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(Files.readString(script)).startsWith("#!/usr/bin/env bash").contains("set -euo pipefail");
    }
}
