package io.kubelode.network.plan;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The example spec and a plan for it with made-up underlay addresses and derived keys. */
public final class Fixtures {
    public static final byte[] SEED = "kubelode-test-seed-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private Fixtures() {
    }

    public static ClusterSpec homelab() {
        Path file = Path.of("..", "examples", "homelab.yaml");
        try {
            return new ObjectMapper(new YAMLFactory()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(file.toFile(), ClusterSpec.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Node n on the underlay: public 203.0.113.n, private 192.168.130.n (Linode's private /17). */
    public static Map<Integer, NodeEndpoint> endpoints(int nodes) {
        Map<Integer, NodeEndpoint> out = new LinkedHashMap<>();
        for (int n = 1; n <= nodes; n++) {
            out.put(n, new NodeEndpoint(n, "203.0.113." + n, "192.168.130." + n));
        }
        return out;
    }

    public static Map<Integer, MeshKey> keys(String clusterId, int nodes) {
        Map<Integer, MeshKey> out = new LinkedHashMap<>();
        for (int n = 1; n <= nodes; n++) {
            out.put(n, MeshKey.derive(SEED, clusterId, n));
        }
        return out;
    }

    public static ClusterNetwork network(String clusterId, ClusterSpec spec, int nodes) {
        Map<Integer, String> publicKeys = new LinkedHashMap<>();
        keys(clusterId, nodes).forEach((n, k) -> publicKeys.put(n, k.publicKey()));
        return NetworkPlanner.plan(clusterId, spec, AddressPlan.of(spec, nodes), endpoints(nodes), publicKeys);
    }
}
