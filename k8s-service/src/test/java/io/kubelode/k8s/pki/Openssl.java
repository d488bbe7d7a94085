package io.kubelode.k8s.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code openssl} CLI (the Debian package) in a directory. */
final class Openssl {
    private final Path dir;

    Openssl(Path dir) {
        this.dir = dir;
    }

    /** Result of one command: exit status and stdout+stderr. */
    record Run(int exit, String output) {
    }

    Run openssl(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        return exec(command);
    }

    /** A shell pipeline (the test's own fixed text, files only from the temp directory). */
    Run pipeline(String pipeline) {
        return exec(List.of("bash", "-c", "set -euo pipefail; " + pipeline));
    }

    private Run exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " timed out");
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
