package io.kubelode.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged CLI ({@code target/kubelode-cli.jar} through the {@code kubelode-cli} launcher, as
 * {@code ./kubelode} runs it) as its own
 * process, in an empty working directory, with an empty KUBELODE_STATE and without any other
 * KUBELODE_* variable of the test's environment, so only what the test passes counts. stdout is not a terminal: plain output.
 */
final class CliProcess {
    /** A finished run. */
    record Result(int exit, String out, String err) {
    }

    private static final Path JAR = Path.of("target", "kubelode-cli.jar").toAbsolutePath();
    /** The launcher ./kubelode delegates to: the jar with its class-data sharing archive. */
    private static final Path LAUNCHER = Path.of("kubelode-cli").toAbsolutePath();
    private static int counter;

    private final Process process;
    private final Path out;
    private final Path err;

    private CliProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code kubelode args...} with the given extra environment. */
    static CliProcess start(Map<String, String> env, String... args) {
        return start(false, env, args);
    }

    /**
     * Runs {@code kubelode args...} on a pseudo-terminal (util-linux {@code script}), as a person
     * at a terminal would; stdout is the terminal's output (CR LF line ends).
     */
    static Result runInTerminal(Map<String, String> env, String... args) {
        return start(true, env, args).await(60);
    }

    private static synchronized CliProcess start(boolean terminal, Map<String, String> env, String... args) {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: mvn package builds it before the ITs run");
        }
        try {
            Path dir = Files.createDirectories(Path.of("target", "cli-runs").toAbsolutePath());
            Path work = Files.createTempDirectory(dir, "run-");
            int n = ++counter;
            List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
            cmd.addAll(List.of(args));
            if (terminal) {
                String line = String.join(" ", cmd.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
                cmd = List.of("script", "-qec", line, "/dev/null");
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("KUBELODE_"));
            // an empty state folder: a .kubelode/gateway.token of the checkout (./kubelode up) must not count
            pb.environment().put(Env.STATE_VAR, Files.createDirectories(work.resolve("state")).toString());
            pb.environment().putAll(env);
            if (terminal) {
                pb.environment().put("COLUMNS", "100");
            }
            Path o = work.resolve("stdout-" + n);
            Path e = work.resolve("stderr-" + n);
            pb.redirectOutput(o.toFile()).redirectError(e.toFile());
            return new CliProcess(pb.start(), o, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code kubelode args...} to its end (at most a minute). */
    static Result run(Map<String, String> env, String... args) {
        return start(env, args).await(60);
    }

    /** What it printed on stdout so far. */
    String out() {
        try {
            return Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for the end; fails (and kills it) after {@code seconds}. */
    Result await(int seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubelode did not end within " + seconds + " s; stdout:\n" + out()
                        + "\nstderr:\n" + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError(e);
        }
    }
}
