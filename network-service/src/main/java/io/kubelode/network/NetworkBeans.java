package io.kubelode.network;

import io.kubelode.network.view.ClusterViews;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the network layer: the topic view, the applier's node workers and the SSH shells. */
@Singleton
public class NetworkBeans {
    private final AtomicInteger threads = new AtomicInteger();
    private ExecutorService workers;

    @Produces
    @Singleton
    ClusterViews views(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        return new ClusterViews(bootstrapServers).start();
    }

    void closeViews(@Disposes ClusterViews views) {
        views.close();
    }

    @Produces
    @Singleton
    NetworkApplier applier(NetworkConfig config) {
        workers = Executors.newFixedThreadPool(config.parallelNodes(), r -> {
            Thread t = new Thread(r, "network-node-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new NetworkApplier(workers, config.scriptTimeout(), config.attempts(), config.backoff());
    }

    void closeApplier(@Disposes NetworkApplier applier) {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    @Produces
    @DefaultBean
    @Singleton
    NodeShells sshShells(NetworkConfig config, Secrets secrets) {
        // the secret is read when the first node is opened, not at start
        return node -> new io.kubelode.nodeshell.ssh.NodeShells(secrets.masterSecret(), config.sshUser(),
                config.connectTimeout()).open(node);
    }

    /** Start folding the topics at once, so the first trigger finds the view (nearly) caught up. */
    void start(@Observes StartupEvent start, ClusterViews views) {
        // injecting it is what starts it
    }
}
