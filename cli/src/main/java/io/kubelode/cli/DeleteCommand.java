package io.kubelode.cli;

import io.kubelode.cli.http.Answer;
import io.kubelode.cli.http.Gateway;
import io.kubelode.cli.progress.Follower;
import io.kubelode.cli.progress.Goal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "delete", description = "Delete a cluster: the backward chain, from DNS down to the instances.")
final class DeleteCommand implements Callable<Integer> {
    @ParentCommand
    Kubelode root;

    @picocli.CommandLine.Mixin
    StallOption stall;

    @Parameters(paramLabel = "ID", description = "a cluster id")
    String id;

    @Option(names = "--wait", description = "follow the teardown until the cluster is Deleted")
    boolean await;

    @Override
    public Integer call() {
        Gateway gateway = root.gateway();
        Answer answer = gateway.delete(id);
        root.io().out().print(root.format().render(CreateCommand.parse(answer.body()),
                b -> "cluster " + id + " is being deleted (phase " + b.path("phase").asText() + ")\n"));
        root.io().out().flush();
        // a Deleted cluster never changes again, so its whole history may end the wait
        return await ? new Follower(gateway, root.io(), root.format()).stallAfter(stall.duration())
                .follow(id, 0, Goal.DELETED) : Exit.OK;
    }
}
