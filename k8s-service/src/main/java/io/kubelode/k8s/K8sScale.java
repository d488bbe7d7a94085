package io.kubelode.k8s;

import io.kubelode.events.DnsEvent.DnsNodesWithdrawn;
import io.kubelode.k8s.api.ClusterApiFactory;
import io.kubelode.k8s.flow.NodeRemover;
import io.kubelode.k8s.flow.Resetter;
import io.kubelode.k8s.flow.ScriptRunner;
import io.kubelode.k8s.pki.SecretStore;
import io.kubelode.k8s.plan.scripts.ScriptPaths;
import io.kubelode.k8s.shell.NodeShells;
import io.kubelode.k8s.view.ClusterViews;
import io.kubelode.layer.EventPublisher;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The k8s layer's part of a scale-down: DnsNodesWithdrawn (no name
 * answers with the leaving nodes any more) → drain, reset, etcd member and Node removed
 * ({@link NodeRemover}) → ClusterNodesDrained. The work runs on a thread of its own; the step
 * completes once the event is on the broker. A scale-up needs nothing here: its bigger
 * NetworkRouted joins the new nodes on the usual path, the joined ones answering NOOP.
 */
@ApplicationScoped
public class K8sScale {
    private static final Logger LOG = Logger.getLogger(K8sScale.class);

    @Inject
    K8sConfig config;
    @Inject
    ClusterViews views;
    @Inject
    NodeShells shells;
    @Inject
    SecretStore pkis;
    @Inject
    ClusterApiFactory apis;
    @Inject
    ScriptPaths paths;
    @Inject
    @Named("k8s-node-work")
    ExecutorService nodeWork;
    @Inject
    EventPublisher publisher;

    private NodeRemover remover;
    private final ExecutorService work = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "k8s-scale");
        t.setDaemon(true);
        return t;
    });

    @PostConstruct
    void start() {
        ScriptRunner runner = new ScriptRunner(config.scriptTimeout(), config.attempts(), config.backoff());
        remover = new NodeRemover(views, shells, pkis, apis, new Resetter(runner, nodeWork, paths));
    }

    @PreDestroy
    void stop() {
        work.shutdownNow();
    }

    /** The step: the leaving nodes drained, reset and removed, then ClusterNodesDrained. */
    public CompletionStage<Void> onDnsNodesWithdrawn(DnsNodesWithdrawn withdrawn) {
        LOG.infof("%s: removing nodes %s", withdrawn.clusterId(), withdrawn.nodes());
        return CompletableFuture.supplyAsync(() -> remover.remove(withdrawn.clusterId(), withdrawn.nodes()), work)
                .thenCompose(publisher::publish);
    }
}
