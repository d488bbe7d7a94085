package io.kubelode.gateway;

import io.kubelode.events.GatewayEvent.ClusterDeleteRequested;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.EventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes what people ask for on {@code kubelode.gateway}. */
@ApplicationScoped
public class ClusterRequests {
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SUFFIX = 5;

    /** Requests this process published, by cluster id, until the read model has them. */
    private final Map<String, CompletableFuture<ClusterRequested>> published = new ConcurrentHashMap<>();

    @Inject
    @Channel("gateway-out")
    Emitter<String> out;

    @Inject
    GatewayConfig config;

    /** Publishes ClusterRequested under {@code clusterId}; completes when the broker has it. */
    public CompletionStage<ClusterRequested> request(String clusterId, ClusterSpec spec) {
        CompletableFuture<ClusterRequested> mine = new CompletableFuture<>();
        CompletableFuture<ClusterRequested> first = published.putIfAbsent(clusterId, mine);
        if (first != null) {
            return first;
        }
        ClusterRequested event = new ClusterRequested(clusterId, spec);
        send(event).whenComplete((done, failure) -> {
            if (failure != null) {
                published.remove(clusterId, mine);
                mine.completeExceptionally(failure);
            } else {
                mine.complete(event);
            }
        });
        return mine;
    }

    /** A request this process published that the read model may not have folded in yet. */
    public Optional<ClusterRequested> publishedHere(String clusterId) {
        CompletableFuture<ClusterRequested> f = published.get(clusterId);
        return f == null || !f.isDone() || f.isCompletedExceptionally() ? Optional.empty() : Optional.of(f.join());
    }

    /** Forgets a request once the read model holds it. */
    public void settled(String clusterId) {
        published.remove(clusterId);
    }

    /** Publishes ClusterScaleRequested. */
    public CompletionStage<Void> scale(String clusterId, int fromNodes, ClusterSpec spec) {
        return send(new ClusterScaleRequested(clusterId, fromNodes, spec));
    }

    /** Publishes ClusterDeleteRequested. */
    public CompletionStage<Void> delete(String clusterId) {
        return send(new ClusterDeleteRequested(clusterId));
    }

    private CompletionStage<Void> send(KubelodeEvent event) {
        return EventMessages.send(out, CloudEvent.of(config.source(), event));
    }

    /** {@code <name>-<5 random characters>}: Linode labels and container names derive from it. */
    static String newClusterId(String name) {
        char[] suffix = new char[SUFFIX];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
        }
        return name + "-" + new String(suffix);
    }

    /**
     * {@code <name>-<5 characters derived from the caller and its Idempotency-Key>}: a retried
     * request gets the same id, also after a gateway restart, so the read model finds the
     * cluster it already created. Nothing about the key goes onto the bus.
     */
    static String clusterIdFor(String name, String caller, String idempotencyKey) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((caller + "\u0000" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
            String base36 = new BigInteger(1, h).toString(36);
            return name + "-" + base36.substring(base36.length() - SUFFIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
