package io.kubelode.hosts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command of this machine (as root) with a timeout; stdin optional. */
final class Exec {
    private Exec() {
    }

    /** A command's exit status and output. */
    record Result(int exitStatus, String stdout, String stderr) {
        /** The end of stderr, for messages. */
        String stderrTail() {
            return tail(stderr);
        }
    }

    static Result run(List<String> cmd, String stdin, Duration timeout) {
        return run(cmd, stdin, timeout, Map.of());
    }

    static Result run(List<String> cmd, String stdin, Duration timeout, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the command may exit without reading its input; its exit status tells what happened
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within " + timeout);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd, e);
        }
    }

    /** Like {@link #run} but fails on a non-zero exit with the command's stderr. */
    static Result checked(List<String> cmd, Duration timeout) {
        return checked(cmd, timeout, Map.of());
    }

    static Result checked(List<String> cmd, Duration timeout, Map<String, String> env) {
        Result r = run(cmd, null, timeout, env);
        if (r.exitStatus() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + r.exitStatus() + ": "
                    + r.stderrTail() + " " + tail(r.stdout()));
        }
        return r;
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() <= 1000 ? t : "…" + t.substring(t.length() - 1000);
    }

    private static String drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
