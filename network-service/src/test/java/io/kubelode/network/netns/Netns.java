package io.kubelode.network.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs commands on the host and inside network namespaces (test helper, root only). */
public final class Netns {

    /** Exit status and merged output of a command. */
    public record Result(int exit, String out) {
        public boolean ok() {
            return exit == 0;
        }
    }

    private Netns() {
    }

    public static Result sh(String command) {
        return run(List.of("bash", "-c", command), 60);
    }

    public static Result in(String ns, String command) {
        return run(List.of("ip", "netns", "exec", ns, "bash", "-c", command), 60);
    }

    /** Like {@link #in} but fails the test when the command fails. */
    public static String must(String ns, String command) {
        Result r = ns == null ? sh(command) : in(ns, command);
        if (!r.ok()) {
            throw new IllegalStateException((ns == null ? "" : "[" + ns + "] ") + command + " exited " + r.exit
                    + ": " + r.out);
        }
        return r.out;
    }

    public static Result run(List<String> command, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("netns-", ".out");
            try {
                Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(124, "timed out: " + command);
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
