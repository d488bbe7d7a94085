package io.kubelode.k8s.plan.scripts;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a script with the real bash (script on stdin, like NodeShell) or checks it with the real shellcheck. */
final class Bash {
    record Result(int exit, String stdout, String stderr) {
        String lastLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private Bash() {
    }

    static Result run(String script, Map<String, String> env) {
        return exec(List.of("bash", "-s"), script, env);
    }

    static Result shellcheck(String script) {
        return exec(List.of("shellcheck", "--shell=bash", "--severity=style", "-"), script, Map.of());
    }

    private static Result exec(List<String> command, String stdin, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " timed out");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
