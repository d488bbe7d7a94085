package io.kubelode.gateway;

import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.EventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes what people ask for on {@code kubelode.gateway}. */
@ApplicationScoped
public class ClusterRequests {
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @Channel("gateway-out")
    Emitter<String> out;

    @Inject
    GatewayConfig config;

    /** Publishes ClusterRequested; completes when the broker has it. */
    public CompletionStage<ClusterRequested> request(ClusterSpec spec) {
        ClusterRequested event = new ClusterRequested(newClusterId(spec.name()), spec);
        return EventMessages.send(out, CloudEvent.of(config.source(), event)).thenApply(done -> event);
    }

    /** {@code <name>-<5 random characters>}: Linode labels and container names derive from it. */
    static String newClusterId(String name) {
        char[] suffix = new char[5];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
        }
        return name + "-" + new String(suffix);
    }
}
