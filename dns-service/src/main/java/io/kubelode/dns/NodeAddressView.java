package io.kubelode.dns;

import io.kubelode.events.ProvisionerEvent;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.ProvisionerEvent.NodesRemoved;
import io.kubelode.support.EventMessages;
import io.kubelode.support.PoisonEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Each node's public address by node index, folded from the provisioner topic (read from the
 * beginning under a group of its own after every start, so nothing lives only in memory): a
 * scale-down knows which addresses belong to the leaving nodes.
 */
@ApplicationScoped
public class NodeAddressView {
    private static final Logger LOG = Logger.getLogger(NodeAddressView.class);
    private final Map<String, Map<Integer, String>> addresses = new ConcurrentHashMap<>();

    @Incoming("provisioner-view")
    public CompletionStage<Void> onProvisioner(Message<String> message) {
        try {
            fold((ProvisionerEvent) EventMessages.read(message).data());
        } catch (PoisonEvent | ClassCastException e) {
            LOG.warnf("ignoring a record the view cannot read: %s", e.getMessage());
        }
        return message.ack();
    }

    void fold(ProvisionerEvent event) {
        if (event instanceof NodeProvisioned p) {
            addresses.computeIfAbsent(p.clusterId(), k -> new ConcurrentHashMap<>()).put(p.node(), p.publicIpv4());
        } else if (event instanceof NodesReleased r) {
            addresses.remove(r.clusterId());
        } else if (event instanceof NodesRemoved r) {
            Map<Integer, String> known = addresses.get(r.clusterId());
            if (known != null) {
                r.nodes().forEach(known::remove);
            }
        }
    }

    /** Node → address, waiting up to {@code wait} until nodes 1..count are known (the view may be catching up). */
    public Map<Integer, String> await(String clusterId, int count, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Map<Integer, String> known = new TreeMap<>(addresses.getOrDefault(clusterId, Map.of()));
            boolean all = true;
            for (int n = 1; n <= count; n++) {
                all &= known.containsKey(n);
            }
            if (all || System.nanoTime() > deadline) {
                return known;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return known;
            }
        }
    }
}
