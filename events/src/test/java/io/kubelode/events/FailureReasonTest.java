package io.kubelode.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.DnsEvent.DnsAddressWithdrawn;
import io.kubelode.events.LxcEvent.LxcFailed;
import io.kubelode.events.ProvisionerEvent.NodeProvisionFailed;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reasons are on the wire as their codes, exactly the strings the layers sent before the enum. */
class FailureReasonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void everyReasonRoundTripsAsItsCode(FailureReason reason) throws Exception {
        String json = JSON.writeValueAsString(reason);
        assertThat(json).isEqualTo("\"" + reason.code() + "\"");
        assertThat(JSON.readValue(json, FailureReason.class)).isSameAs(reason);
        assertThat(FailureReason.ofCode(reason.code())).isSameAs(reason);
        assertThat(reason.code()).as("a CamelCase condition reason").matches("[A-Z][A-Za-z]+");
        assertThat(reason).hasToString(reason.code());
    }

    @Test
    void codesAreUnique() {
        Set<String> seen = new HashSet<>();
        for (FailureReason reason : FailureReason.values()) {
            assertThat(seen.add(reason.code())).as("unique code %s", reason.code()).isTrue();
        }
    }

    @Test
    void theCodesAreTheStringsTheLayersSentBefore() {
        // a sample of the codes, by the layer that raises them: they must never change
        assertThat(List.of(FailureReason.LINODE_CREATE_REJECTED, FailureReason.NODE_UNREACHABLE,
                FailureReason.DELETED, FailureReason.LXD_CONTAINERS_FAILED, FailureReason.NETWORK_SCRIPT_FAILED,
                FailureReason.CONTROL_PLANE_JOIN_FAILED, FailureReason.APPS_NOT_READY,
                FailureReason.DOMAIN_OUTSIDE_ZONE, FailureReason.PORTS_UNREACHABLE))
                .extracting(FailureReason::code)
                .containsExactly("LinodeCreateRejected", "NodeUnreachable", "Deleted", "LxdContainersFailed",
                        "NetworkScriptFailed", "ControlPlaneJoinFailed", "AppsNotReady", "DomainOutsideZone",
                        "PortsUnreachable");
    }

    @Test
    void anUnknownCodeReadsAsUnrecognizedInsteadOfFailing() throws Exception {
        assertThat(JSON.readValue("\"SomethingFromTheFuture\"", FailureReason.class))
                .isSameAs(FailureReason.UNRECOGNIZED);
        assertThat(FailureReason.ofCode("nodeunreachable")).as("codes are case-sensitive")
                .isSameAs(FailureReason.UNRECOGNIZED);
        assertThat(FailureReason.ofCode(null)).isSameAs(FailureReason.UNRECOGNIZED);
        LxcFailed read = JSON.readValue("{\"clusterId\":\"homelab-7k2qz\",\"node\":2,"
                + "\"reason\":\"ContainerStartFailed\",\"message\":\"lxc-start exited 1\"}", LxcFailed.class);
        assertThat(read).isEqualTo(new LxcFailed("homelab-7k2qz", 2, FailureReason.UNRECOGNIZED, "lxc-start exited 1"));
    }

    @Test
    void whatConditionsShowIsTheCodeOrNothing() {
        assertThat(FailureReason.codeOf(FailureReason.CONTROL_PLANE_INIT_FAILED)).isEqualTo("ControlPlaneInitFailed");
        assertThat(FailureReason.codeOf(null)).as("a record without a reason").isNull();
    }

    @Test
    void failureAndCompensationEventsWriteTheSameJsonAsBefore() throws Exception {
        // literally what the layers wrote while the reason was a String
        assertThat(JSON.writeValueAsString(new NodeProvisionFailed("homelab-7k2qz", 2,
                FailureReason.LINODE_CREATE_REJECTED, "POST /linode/instances answered 400")))
                .isEqualTo("{\"clusterId\":\"homelab-7k2qz\",\"node\":2,\"reason\":\"LinodeCreateRejected\","
                        + "\"message\":\"POST /linode/instances answered 400\"}");
        assertThat(JSON.writeValueAsString(new NodesReleased("homelab-7k2qz", List.of(40001L, 40002L),
                Cause.ROLLBACK, FailureReason.LINODE_CREATE_REJECTED)))
                .isEqualTo("{\"clusterId\":\"homelab-7k2qz\",\"deletedLinodeIds\":[40001,40002],"
                        + "\"cause\":\"ROLLBACK\",\"reason\":\"LinodeCreateRejected\"}");
        assertThat(JSON.writeValueAsString(new DnsEvent.DnsRecordsDeleted("homelab-7k2qz", Cause.DELETE,
                FailureReason.DELETED)))
                .isEqualTo("{\"clusterId\":\"homelab-7k2qz\",\"cause\":\"DELETE\",\"reason\":\"Deleted\"}");
        assertThat(JSON.writeValueAsString(new DnsAddressWithdrawn("homelab-7k2qz", 2, "172.104.10.22",
                FailureReason.NODE_NOT_READY)))
                .isEqualTo("{\"clusterId\":\"homelab-7k2qz\",\"node\":2,\"address\":\"172.104.10.22\","
                        + "\"reason\":\"NodeNotReady\"}");
        String before = "{\"clusterId\":\"homelab-7k2qz\",\"reason\":\"ControlPlaneJoinFailed\","
                + "\"message\":\"kubeadm join on node 3 exited 1\"}";
        K8sEvent.ClusterJoinFailed read = JSON.readValue(before, K8sEvent.ClusterJoinFailed.class);
        assertThat(read.reason()).isSameAs(FailureReason.CONTROL_PLANE_JOIN_FAILED);
        assertThat(JSON.writeValueAsString(read)).isEqualTo(before);
    }

    @Test
    void everyReasonIsWrittenInAnEventAsItsCode() throws Exception {
        for (FailureReason reason : Arrays.stream(FailureReason.values())
                .filter(r -> r != FailureReason.UNRECOGNIZED).toList()) {
            String json = JSON.writeValueAsString(new NetworkEvent.NetworkFailed("c", reason, "m"));
            assertThat(json).isEqualTo("{\"clusterId\":\"c\",\"reason\":\"" + reason.code() + "\",\"message\":\"m\"}");
            assertThat(JSON.readValue(json, NetworkEvent.NetworkFailed.class).reason()).isSameAs(reason);
        }
    }
}
