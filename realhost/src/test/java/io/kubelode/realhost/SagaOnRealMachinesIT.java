package io.kubelode.realhost;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.EventType;
import io.kubelode.events.Topics;
import io.kubelode.hosts.DebianHost;
import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.StackService;
import io.kubelode.testkit.stack.TopicHistory;
import io.kubelode.testkit.stack.TopicHistory.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every service as its own process on a real broker, against the sandbox with real machines
 * ({@code kubelode.sandbox.machines.mode=real}): the provisioner creates three instances through
 * the API, each a Debian 12 machine booted by cloud-init with the pinned host key, and the base
 * role, LXD with the two containers and the mesh run on them for real, as the saga drives them.
 * The k8s layer cannot install kubeadm and the kubelet here (not packaged in Debian 12, and the
 * Kubernetes package repository is unreachable), so its step fails for real; the saga then rolls
 * every layer back for real, down to no machine at all.
 */
@ExtendWith(NeedsRealHosts.class)
class SagaOnRealMachinesIT {
    private static final String PREFIX = "kl-saga";
    private static final String SPEC = """
            name: realsaga
            region: us-east
            nodes: 3
            domain: realsaga.example.org
            apps: [web]
            sshKeys:
              - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlpvcg1lQVofvTVFCu4pK5kiC07l4/Ss3ZpxKBbYlZc me@home
            """;

    @Test
    void theChainRunsOnRealMachinesToTheK8sLayerAndItsFailureLeavesNoMachine() throws IOException {
        try (LocalStack stack = LocalStack.builder().ipv4Range("172.31.246.0/24")
                .readyTimeout(Duration.ofMinutes(3))
                .prop(StackService.SANDBOX, "kubelode.sandbox.machines.mode", "real")
                .prop(StackService.SANDBOX, "kubelode.sandbox.machines.bridge", "klsaga0")
                .prop(StackService.SANDBOX, "kubelode.sandbox.machines.name-prefix", PREFIX)
                .prop(StackService.SANDBOX, "kubelode.sandbox.network.ssh-port", "22")
                .prop(StackService.PROVISIONER, "kubelode.provisioner.ssh-port", "22")
                .start()) {
            String id = stack.gateway().create(SPEC, "real-saga-1");
            String[] phase = {""};
            Awaitility.await("cluster " + id + " ends").atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> List.of("Ready", "RolledBack", "Failed").contains(phase[0] = stack.gateway().phase(id)));

            Map<String, List<Entry>> history = TopicHistory.ofCluster(
                    TopicHistory.read(stack.bootstrapServers(), Topics.ALL), id);
            List<Entry> all = history.values().stream().flatMap(List::stream)
                    .sorted(java.util.Comparator.comparingLong(Entry::timestamp)).toList();
            all.forEach(e -> System.out.printf("%s %-40s %s%n", Instant.ofEpochMilli(e.timestamp()), e.type(),
                    e.type() != null && e.type().contains("failed") ? e.value() : ""));
            assertThat(count(all, EventType.NODE_PROVISIONED)).as("base role on three real machines").isEqualTo(3);
            assertThat(count(all, EventType.LXC_READY)).as("LXD and two containers on each").isEqualTo(3);
            assertThat(count(all, EventType.NETWORK_ROUTED)).as("the mesh").isGreaterThanOrEqualTo(1);
            assertThat(count(all, EventType.CLUSTER_JOIN_FAILED)).as("the k8s layer failed for real").isEqualTo(1);
            assertThat(phase[0]).isEqualTo("RolledBack");
            assertThat(count(all, EventType.NETWORK_RELEASED)).isGreaterThanOrEqualTo(1);
            assertThat(count(all, EventType.LXC_RELEASED)).isGreaterThanOrEqualTo(1);
            assertThat(count(all, EventType.NODES_RELEASED)).isGreaterThanOrEqualTo(1);

            assertThat(stack.sandbox().instances()).as("no instance left").isEmpty();
            try (Stream<java.nio.file.Path> machines = Files.list(DebianHost.INSTANCES)) {
                assertThat(machines.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX + "-")))
                        .as("no machine left").isEmpty();
            }
        }
    }

    private static long count(List<Entry> all, EventType type) {
        return all.stream().filter(e -> type.type().equals(e.type())).count();
    }
}
