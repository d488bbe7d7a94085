package io.kubelode.network.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The network of examples/homelab.yaml (underlay addresses made up: 203.0.113.n public,
 * 192.168.130.n private), written to target/ with node 1's apply script, key redacted: the plan of
 * exactly what would run.
 */
class HomelabPlanTest {

    @Test
    void writesThePlanOfTheExampleSpec() throws Exception {
        ClusterNetwork net = Fixtures.network("homelab", Fixtures.homelab(), 3);
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(net);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "homelab-network-plan.json"), json);
        NodeScript script = NetworkScripts.apply(net.node(1), Fixtures.keys("homelab", 3).get(1));
        Files.writeString(Path.of("target", "homelab-node-1-apply.sh"), script.redacted());
        Files.writeString(Path.of("target", "homelab-node-1-remove.sh"), NetworkScripts.remove("homelab", 1).text());
        assertThat(json).contains("\"containerCidr\" : \"10.100.0.0/16\"", "\"homeMeshAddress\" : \"10.103.0.254\"",
                "\"backupPort\" : 873");
        assertThat(Files.readString(Path.of("target", "homelab-node-1-apply.sh")))
                .doesNotContain(Fixtures.keys("homelab", 3).get(1).privateKey());
    }
}
