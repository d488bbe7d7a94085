package io.kubelode.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "kubeconfig", description = {"Print a Ready cluster's admin kubeconfig (admin token only).",
        "  kubelode kubeconfig ID > kubeconfig.yaml && KUBECONFIG=kubeconfig.yaml kubectl get nodes"})
final class KubeconfigCommand implements Callable<Integer> {
    @ParentCommand
    Kubelode root;

    @Parameters(paramLabel = "ID", description = "a cluster id")
    String id;

    @Override
    public Integer call() {
        String yaml = root.gateway().kubeconfig(id);
        root.io().out().print(yaml.endsWith("\n") ? yaml : yaml + "\n");
        return Exit.OK;
    }
}
