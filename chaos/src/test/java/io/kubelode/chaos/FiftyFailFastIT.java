package io.kubelode.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelode.events.EventType;
import io.kubelode.events.Topics;
import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.TopicHistory;
import io.kubelode.testkit.stack.TopicHistory.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Fifty clusters posted at once, each refused by Linode on its first node (a {@code fail-creates}
 * fault on every {@code <cluster>-1} label), on the module's shared stack (every service its own
 * process, the light stand-in). 150 creates are more than the provisioner's create window holds, so
 * creates are queued when the refusals come: a failed cluster must drop its queued creates at once
 * and delete only what exists. Each cluster is RolledBack within 60 s of its failure, and no
 * instance of any of them is left. (The shared stack's create window is wider than Linode's 5 per
 * 15 s, so that CI stays short; provisioner-service's {@code ProvisioningIT} proves the queue drop
 * itself with Linode's window.)
 */
class FiftyFailFastIT {
    private static final String SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlpvcg1lQVofvTVFCu4pK5kiC07l4/Ss3ZpxKBbYlZc me@home";
    private static final int CLUSTERS = 50;
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Test
    void fiftyClustersRefusedOnTheirFirstNodeAreRolledBackWithinAMinuteOfTheirFailureWithNothingLeft() throws Exception {
        LocalStack stack = ChaosStack.get();
        JsonNode fault = stack.sandbox().fault(Map.of("type", "fail-creates", "label_pattern", "ff[0-9]+-[a-z0-9]+-1",
                "status", 400, "reason", "sandbox: no capacity for this node in us-east"));
        try {
            List<String> ids = new ArrayList<>();
            ExecutorService posts = Executors.newFixedThreadPool(10);
            try {
                List<Future<String>> created = new ArrayList<>();
                for (int i = 1; i <= CLUSTERS; i++) {
                    String spec = """
                            name: ff%d
                            region: us-east
                            nodes: 3
                            domain: ff%d.chaos.example.org
                            apps: [web]
                            sshKeys:
                              - %s
                            """.formatted(i, i, SSH_KEY);
                    String key = "fifty-fail-fast-" + i;
                    created.add(posts.submit(() -> stack.gateway().create(spec, key)));
                }
                for (Future<String> f : created) {
                    ids.add(f.get());
                }
            } finally {
                posts.shutdown();
            }

            Awaitility.await("50 clusters end").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> ids.stream().allMatch(id -> List.of("RolledBack", "Failed", "Ready")
                            .contains(stack.gateway().phase(id))));
            assertThat(ids).allSatisfy(id -> assertThat(stack.gateway().phase(id)).as(id).isEqualTo("RolledBack"));

            List<Entry> all = TopicHistory.read(stack.bootstrapServers(), Topics.ALL);
            long slowest = 0;
            String slowestId = null;
            for (String id : ids) {
                List<Entry> history = TopicHistory.ofCluster(all, id).values().stream().flatMap(List::stream).toList();
                OptionalLong failedAt = history.stream()
                        .filter(e -> EventType.NODE_PROVISION_FAILED.type().equals(e.type()))
                        .mapToLong(Entry::timestamp).min();
                OptionalLong releasedAt = history.stream()
                        .filter(e -> EventType.NODES_RELEASED.type().equals(e.type()))
                        .mapToLong(Entry::timestamp).max();
                assertThat(failedAt).as(id + ": its node 1 was refused").isPresent();
                assertThat(releasedAt).as(id + ": its instances were released").isPresent();
                long took = releasedAt.getAsLong() - failedAt.getAsLong();
                if (took >= slowest) {
                    slowest = took;
                    slowestId = id;
                }
            }
            System.out.printf("fifty fail-fast: slowest rollback %d ms after its failure (%s)%n", slowest, slowestId);
            assertThat(Duration.ofMillis(slowest)).as("slowest rollback after its failure (" + slowestId + ")")
                    .isLessThanOrEqualTo(WITHIN);
            for (String id : ids) {
                assertThat(stack.sandbox().instancesOf(id)).as("instances of " + id).isEmpty();
            }
        } finally {
            stack.sandbox().removeFault(fault.path("id").asLong());
        }
    }
}
