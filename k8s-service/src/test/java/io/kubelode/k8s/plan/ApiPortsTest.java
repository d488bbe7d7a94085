package io.kubelode.k8s.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelode.k8s.plan.kubeadm.Kubeadm;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The local API balancer is started (prepare-container.sh) before {@code kubeadm init} and every
 * join, in the same container as the API server. kubeadm's preflight ({@code checks.go}
 * {@code PortOpenCheck}) then runs {@code net.Listen("tcp", ":<port>")} for 6443, 10259, 10257,
 * 2379, 2380 and 10250: on Linux that wildcard bind fails while anything listens on the same port
 * on any address. So, from the rendered documents alone: the balancer may hold none of those
 * ports, and the API server and the balancer never claim the same socket.
 */
class ApiPortsTest {
    private static final Pattern BIND = Pattern.compile("(?m)^\\s*bind\\s+(\\S+):(\\d+)\\s*$");

    /** A listening socket: address (0.0.0.0 for all) and port. */
    record Listener(String who, String address, int port) {
        boolean conflictsWith(Listener o) {
            return port == o.port && (address.equals(o.address) || address.equals("0.0.0.0")
                    || o.address.equals("0.0.0.0"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5})
    void balancerAndApiServerNeverClaimTheSameSocketNorAPortKubeadmsPreflightNeeds(int nodes) throws IOException {
        ClusterLayout layout = Fixtures.layout(Fixtures.VERSION, nodes);
        KubeadmPlanner planner = new KubeadmPlanner(layout, Fixtures.SECRETS);
        List<Listener> balancer = balancerListeners(LocalApiBalancer.of(layout).render());
        assertThat(balancer).isNotEmpty();
        for (ClusterNode node : layout.nodes()) {
            JsonNode endpoint = node.node() == 1
                    ? Yaml.MAPPER.readTree(Yaml.write(planner.initDocuments().get(0))).at("/localAPIEndpoint")
                    : Yaml.MAPPER.readTree(Yaml.write(planner.controlPlaneJoin(node.node())))
                            .at("/controlPlane/localAPIEndpoint");
            int bindPort = endpoint.at("/bindPort").asInt(6443);
            String bindAddress = planner.apiServerPatch(node.node()).stream()
                    .map(p -> String.valueOf(p.value())).filter(v -> v.startsWith("--bind-address="))
                    .map(v -> v.substring("--bind-address=".length())).findFirst().orElse("0.0.0.0");
            Listener apiServer = new Listener("kube-apiserver", bindAddress, bindPort);
            // kubeadm's preflight on this control plane binds the wildcard address of each port
            List<Listener> preflight = new ArrayList<>();
            preflight.add(new Listener("Port-" + bindPort, "0.0.0.0", bindPort));
            for (int port : List.of(10259, 10257, 2379, 2380, 10250)) {
                preflight.add(new Listener("Port-" + port, "0.0.0.0", port));
            }
            for (Listener b : balancer) {
                assertThat(b.conflictsWith(apiServer)).as("node %d: %s and %s", node.node(), b, apiServer).isFalse();
                for (Listener p : preflight) {
                    assertThat(b.conflictsWith(p)).as("node %d: %s fails kubeadm's %s", node.node(), b, p.who())
                            .isFalse();
                }
            }
        }
        assertThat(Kubeadm.PREFLIGHT_PORTS).containsExactlyInAnyOrder(6443, 10259, 10257, 2379, 2380, 10250);
    }

    @Test
    void controlPlaneEndpointNamesTheBalancerAndTheBalancerTheApiServers() throws IOException {
        ClusterLayout layout = Fixtures.layout(Fixtures.VERSION, 3);
        KubeadmPlanner planner = new KubeadmPlanner(layout, Fixtures.SECRETS);
        List<Listener> balancer = balancerListeners(LocalApiBalancer.of(layout).render());
        String endpoint = Yaml.MAPPER.readTree(Yaml.write(planner.clusterConfiguration()))
                .at("/controlPlaneEndpoint").asText();
        String discovery = Yaml.MAPPER.readTree(Yaml.write(planner.workerJoin(3)))
                .at("/discovery/bootstrapToken/apiServerEndpoint").asText();
        assertThat(discovery).isEqualTo(endpoint);
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        String host = endpoint.substring(0, endpoint.lastIndexOf(':'));
        assertThat(balancer).containsExactly(new Listener("haproxy", "127.0.0.1", port));
        // prepare-container.sh resolves the endpoint name to the balancer's address in every container
        String prepare = Files.readString(Path.of("src/main/resources/scripts/prepare-container.sh"));
        assertThat(prepare).contains("echo \"127.0.0.1 ${ENDPOINT_NAME}\" >>/etc/hosts");
        assertThat(host).isEqualTo(layout.endpointName());
        // and the balancer forwards to every API server's bind port
        for (ClusterNode n : layout.nodes()) {
            assertThat(LocalApiBalancer.of(layout).render()).contains(n.masterAddress() + ":" + Kubeadm.API_PORT);
        }
    }

    @Test
    void theKernelRefusesTheWildcardAfterALoopbackListenerOnTheSamePortOnly() throws IOException {
        // why the test above matters, with ports of this machine's choosing rather than 6443
        try (ServerSocket loopback = new ServerSocket()) {
            loopback.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int taken = loopback.getLocalPort();
            assertThatThrownBy(() -> {
                try (ServerSocket wildcard = new ServerSocket()) {
                    wildcard.bind(new InetSocketAddress(taken));
                }
            }).isInstanceOf(BindException.class);
            try (ServerSocket other = new ServerSocket()) {
                other.bind(new InetSocketAddress(0));
                assertThat(other.getLocalPort()).isNotEqualTo(taken);
            }
        }
    }

    @Test
    void theRuleCatchesTheOldBalancer() {
        // a balancer on 127.0.0.1:6443, as kubelode rendered it before, fails kubeadm's Port-6443
        Listener old = new Listener("haproxy", "127.0.0.1", 6443);
        assertThat(old.conflictsWith(new Listener("Port-6443", "0.0.0.0", 6443))).isTrue();
        assertThat(old.conflictsWith(new Listener("kube-apiserver", "10.100.1.2", 6443))).isFalse();
    }

    static List<Listener> balancerListeners(String haproxyCfg) {
        List<Listener> out = new ArrayList<>();
        Matcher m = BIND.matcher(haproxyCfg);
        while (m.find()) {
            String address = m.group(1).isEmpty() || m.group(1).equals("*") ? "0.0.0.0" : m.group(1);
            out.add(new Listener("haproxy", address, Integer.parseInt(m.group(2))));
        }
        return out;
    }
}
