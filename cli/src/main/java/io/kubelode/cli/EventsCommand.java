package io.kubelode.cli;

import io.kubelode.cli.http.Gateway;
import io.kubelode.cli.progress.Follower;
import io.kubelode.cli.progress.Goal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "events", description = {"Print a cluster's events; with -f, follow them until the cluster is Ready"
        + " or Deleted (exit 0) or Failed, RolledBack or Degraded (exit 1); a node repair (Repairing) is followed"
        + " to its end.",
        "A dropped connection is resumed where it broke (Last-Event-ID)."})
final class EventsCommand implements Callable<Integer> {
    @ParentCommand
    Kubelode root;

    @picocli.CommandLine.Mixin
    StallOption stall;

    @Option(names = {"-f", "--follow"}, description = "follow live events until the cluster settles")
    boolean follow;

    @Parameters(paramLabel = "ID", description = "a cluster id")
    String id;

    @Override
    public Integer call() {
        Gateway gateway = root.gateway();
        long known = gateway.cluster(id).path("events").asLong(0);
        Follower follower = new Follower(gateway, root.io(), root.format()).stallAfter(stall.duration());
        return follow ? follower.follow(id, Math.max(0, known - 1), Goal.SETTLED) : follower.history(id, known - 1);
    }
}
