package io.kubelode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelode.cli.http.Answer;
import io.kubelode.cli.http.Gateway;
import io.kubelode.cli.progress.Follower;
import io.kubelode.cli.progress.Goal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "scale", description = "Change a Ready cluster's node count.")
final class ScaleCommand implements Callable<Integer> {
    @ParentCommand
    Kubelode root;

    @picocli.CommandLine.Mixin
    StallOption stall;

    @Parameters(paramLabel = "ID", description = "a cluster id")
    String id;

    @Option(names = "--nodes", required = true, paramLabel = "N", description = "the new node count")
    int nodes;

    @Option(names = "--force", description = "allow fewer than 3 nodes (no HA control plane)")
    boolean force;

    @Option(names = "--watch", description = "follow the progress until Ready (exit 0) or a rollback (exit 1)")
    boolean watch;

    @Override
    public Integer call() {
        Gateway gateway = root.gateway();
        long before = watch ? gateway.cluster(id).path("events").asLong(0) : 0;
        Answer answer = gateway.scale(id, nodes, force);
        JsonNode body = CreateCommand.parse(answer.body());
        if (answer.status() == 200) {
            root.io().out().print(root.format().render(body, b -> "cluster " + id + " already has " + nodes
                    + " node(s)\n"));
            return Exit.OK;
        }
        root.io().out().print(root.format().render(body, b -> "cluster " + id + ": scaling from "
                + b.path("fromNodes").asText() + " to " + b.path("nodes").asText() + " node(s)\n"));
        root.io().out().flush();
        if (!watch) {
            return Exit.OK;
        }
        Follower follower = new Follower(gateway, root.io(), root.format()).stallAfter(stall.duration());
        int exit = follower.follow(id, before, Goal.READY);
        if (exit == Exit.OK) {
            Summary.afterReady(root, gateway, follower, id);
        }
        return exit;
    }
}
