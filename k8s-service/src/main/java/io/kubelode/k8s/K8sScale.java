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
import io.kubelode.support.CloudEvent;
import io.kubelode.support.EventMessages;
import io.kubelode.support.PoisonEvent;
import io.kubelode.support.saga.SagaFence;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The k8s layer's part of a scale-down, on a consumer group of its own: DnsNodesWithdrawn (no name
 * answers with the leaving nodes any more) → drain, reset, etcd member and Node removed
 * ({@link NodeRemover}) → ClusterNodesDrained. The work runs off the consumer thread; the record
 * is acknowledged once the event is on the broker. A scale-up needs nothing here: its bigger
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
    SagaFence fence;
    @Inject
    @Named("k8s-node-work")
    ExecutorService nodeWork;
    @Inject
    @Channel("k8s-out")
    Emitter<String> out;

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

    @Incoming("dns-scale")
    public CompletionStage<Void> onDns(Message<String> message) {
        CloudEvent event;
        try {
            event = EventMessages.read(message);
        } catch (PoisonEvent e) {
            LOG.warnf("dead-lettering an unreadable record: %s", e.getMessage());
            return message.nack(e);
        }
        if (!(event.data() instanceof DnsNodesWithdrawn withdrawn)) {
            return message.ack();
        }
        LOG.infof("%s: removing nodes %s", withdrawn.clusterId(), withdrawn.nodes());
        return fence.forward(withdrawn.clusterId(), "removing nodes " + withdrawn.nodes(),
                        () -> CompletableFuture.supplyAsync(() -> remover.remove(withdrawn.clusterId(),
                                withdrawn.nodes()), work).thenCompose(drained -> EventMessages.send(out,
                                CloudEvent.of(config.source(), drained))), null)
                .handle((ok, failure) -> {
                    if (failure != null) {
                        LOG.errorf(failure, "%s: removing nodes %s failed", withdrawn.clusterId(), withdrawn.nodes());
                        return message.nack(failure);
                    }
                    return message.ack();
                }).thenCompose(x -> x);
    }
}
