package io.kubelode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.cli.http.Answer;
import io.kubelode.cli.http.Gateway;
import io.kubelode.cli.progress.Follower;
import io.kubelode.cli.progress.Goal;
import io.kubelode.cli.render.Format;
import io.kubelode.cli.render.PlanText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "create", description = "Create a cluster from a spec (YAML or JSON), or show its plan and cost.")
final class CreateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    Kubelode root;

    @picocli.CommandLine.Mixin
    StallOption stall;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "SPEC",
            description = "the cluster spec, YAML or JSON (- reads stdin)")
    String file;

    @Option(names = "--watch", description = "follow the progress until Ready (exit 0) or a rollback (exit 1)")
    boolean watch;

    @Option(names = "--dry-run", description = "print the plan and the monthly cost; create nothing")
    boolean dryRun;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "a retried create with the same key returns the same cluster, never a second one")
    String idempotencyKey;

    @Override
    public Integer call() {
        String spec = read(file);
        Gateway gateway = root.gateway();
        Format format = root.format();
        Answer answer = gateway.create(spec, contentType(file, spec), idempotencyKey, dryRun);
        JsonNode body = parse(answer.body());
        if (dryRun) {
            root.io().out().print(format.render(body, PlanText::render));
            return Exit.OK;
        }
        String id = body.path("id").asText();
        boolean replayed = "true".equalsIgnoreCase(answer.header("Idempotent-Replayed"));
        root.io().out().print(format.render(body, b -> "cluster " + id + " accepted (phase " + b.path("phase").asText()
                + ")" + (replayed ? "; it already existed: created earlier with this idempotency key" : "") + "\n"));
        root.io().out().flush();
        if (!watch) {
            return Exit.OK;
        }
        Follower follower = new Follower(gateway, root.io(), format).stallAfter(stall.duration());
        int exit = follower.follow(id, 0, Goal.READY);
        if (exit == Exit.OK) {
            Summary.afterReady(root, gateway, follower, id);
        }
        return exit;
    }

    static String read(String file) {
        try {
            return "-".equals(file) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new CliException(Exit.USAGE, "cannot read the spec " + file + ": " + e);
        }
    }

    /** JSON for a .json file or a body starting with '{'; YAML otherwise. */
    static String contentType(String file, String spec) {
        String name = file.toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return Gateway.JSON_TYPE;
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return Gateway.YAML;
        }
        return spec.stripLeading().startsWith("{") ? Gateway.JSON_TYPE : Gateway.YAML;
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CliException(Exit.UNAVAILABLE, "the gateway answered something that is not JSON: " + e.getMessage());
        }
    }
}
