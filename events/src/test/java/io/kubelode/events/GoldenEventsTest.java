package io.kubelode.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelode.events.Compensation.Cause;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Every published event version has a golden JSON sample: the sample still reads into the record,
 * and the record still writes the sample. Regenerate with {@code -Dgolden.write=true} only for an
 * additive change, and review the diff.
 */
class GoldenEventsTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParameterizedTest
    @EnumSource(EventType.class)
    void goldenSampleRoundTrips(EventType type) throws IOException {
        Path file = GOLDEN.resolve(type.type() + ".json");
        KubelodeEvent sample = Samples.of(type);
        if (Boolean.getBoolean("golden.write")) {
            Files.writeString(file, JSON.writeValueAsString(sample) + "\n");
        }
        String golden = Files.readString(file);

        KubelodeEvent read = JSON.readValue(golden, type.payload());
        assertThat(read).isEqualTo(sample);
        JsonNode written = JSON.readTree(JSON.writeValueAsString(read));
        assertThat(written).isEqualTo(JSON.readTree(golden));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void readsTolerantlyWhenAProducerAddsAField(EventType type) throws IOException {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(Samples.of(type));
        tree.put("fieldFromTheFuture", "ignored");
        assertThat(JSON.treeToValue(tree, type.payload())).isEqualTo(Samples.of(type));
    }

    @Test
    void aClusterResetWrittenBeforeLeftoverEtcdMembersReadsAsNoneLeftOver() throws IOException {
        K8sEvent.ClusterReset read = JSON.readValue(
                "{\"clusterId\":\"homelab-7k2qz\",\"cause\":\"ROLLBACK\",\"reason\":\"ControlPlaneJoinFailed\"}",
                K8sEvent.ClusterReset.class);
        assertThat(read.leftoverEtcdMembers()).isEmpty();
        assertThat(read).isEqualTo(new K8sEvent.ClusterReset("homelab-7k2qz", Cause.ROLLBACK,
                FailureReason.CONTROL_PLANE_JOIN_FAILED));
    }

    @Test
    void wireTypesAreUniqueVersionedAndMapBack() {
        Set<String> seen = new HashSet<>();
        for (EventType type : EventType.values()) {
            assertThat(type.type()).matches("kubelode\\.[a-z0-9.-]+\\.v[0-9]+");
            assertThat(seen.add(type.type())).as("unique %s", type.type()).isTrue();
            assertThat(EventType.ofType(type.type())).contains(type);
            assertThat(EventType.of(Samples.of(type))).isEqualTo(type);
            assertThat(Topics.ALL).contains(type.topic());
        }
        assertThat(EventType.ofType("kubelode.unknown.v1")).isEmpty();
    }

    @Test
    void everyRecordOfEverySealedInterfaceHasAWireType() {
        for (Class<?> topicInterface : KubelodeEvent.class.getPermittedSubclasses()) {
            for (Class<?> record : topicInterface.getPermittedSubclasses()) {
                assertThat(EventType.values()).as("wire type of %s", record.getSimpleName())
                        .anyMatch(t -> t.payload() == record);
            }
        }
    }
}
