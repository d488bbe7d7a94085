package io.kubelode.k8s.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;

/**
 * The CNI network of one container's kubelet: a bridge with host-local IPAM over exactly the
 * pod range the address plan gave that kubelet, which the network layer already routes between
 * nodes. No overlay and no masquerading between pods.
 */
public record CniConfig(String cniVersion, String name, List<Object> plugins) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT, SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** A bridge plugin. */
    public record Bridge(String type, String bridge, boolean isGateway, boolean ipMasq, boolean hairpinMode,
                         Ipam ipam) {
    }

    /** host-local IPAM over one range. */
    public record Ipam(String type, List<List<Map<String, String>>> ranges, List<Map<String, String>> routes) {
    }

    /** The portmap plugin (hostPort support). */
    public record PortMap(String type, Map<String, Boolean> capabilities) {
    }

    /** The network for a kubelet whose pods live in {@code podCidr}. */
    public static CniConfig forPodRange(String podCidr) {
        Bridge bridge = new Bridge("bridge", "cni0", true, false, true, new Ipam("host-local",
                List.of(List.of(Map.of("subnet", podCidr))), List.of(Map.of("dst", "0.0.0.0/0"))));
        return new CniConfig("1.0.0", "kubelode", List.of(bridge,
                new PortMap("portmap", Map.of("portMappings", true))));
    }

    /**
     * What the runtime hands plugin {@code index} of the list on stdin (libcni's rule): the plugin's
     * own configuration with the list's {@code cniVersion} and {@code name}.
     */
    public String pluginConfig(int index) {
        Map<String, Object> plugin = new java.util.TreeMap<>(JSON.convertValue(plugins.get(index),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }));
        plugin.put("cniVersion", cniVersion);
        plugin.put("name", name);
        try {
            return JSON.writeValueAsString(plugin);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the CNI plugin configuration", e);
        }
    }

    /** {@code /etc/cni/net.d/10-kubelode.conflist}. */
    public String render() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the CNI configuration", e);
        }
    }
}
