package io.kubelode.cli;

import io.kubelode.cli.render.ClusterText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "get", description = "List clusters, or show one cluster's conditions per node and layer.")
final class GetCommand implements Callable<Integer> {
    @ParentCommand
    Kubelode root;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "a cluster id")
    String id;

    @Override
    public Integer call() {
        ClusterText text = new ClusterText(root.io().clock());
        if (id == null) {
            root.io().out().print(root.format().render(root.gateway().list(), text::list));
        } else {
            root.io().out().print(root.format().render(root.gateway().cluster(id), text::detail));
        }
        return Exit.OK;
    }
}
