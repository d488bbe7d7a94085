package io.kubelode.gateway.notify;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A {@link Receiver} started for a gateway under test, and the gateway's webhook pointed at it. */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {
    static volatile Receiver receiver;

    @Override
    public Map<String, String> start() {
        receiver = new Receiver();
        return Map.of("kubelode.gateway.webhook.url", receiver.url().toString(),
                "kubelode.gateway.webhook.backoff", "PT0.1S");
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
