package io.kubelode.network.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.Compensation.Cause;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.GatewayEvent.ClusterScaleRequested;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.events.NetworkEvent.NetworkFailed;
import io.kubelode.events.NetworkEvent.NetworkReleased;
import io.kubelode.events.NetworkEvent.NetworkRouted;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodesReleased;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.network.plan.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterViewTest {
    final ClusterSpec spec = Fixtures.homelab();
    final ClusterView view = new ClusterView("homelab");

    void node(int n) {
        view.apply(new NodeProvisioned("homelab", n, "homelab-" + n, n, "us-east", "203.0.113." + n,
                "192.168.130." + n, 22, "SHA256:x"));
        view.apply(new LxcReady("homelab", n, null, null, "disabled"));
    }

    @Test
    void isReadyOnlyWhenEveryNodeIsProvisionedAndHasItsContainers() {
        view.apply(new ClusterRequested("homelab", spec));
        node(1);
        node(2);
        view.apply(new NodeProvisioned("homelab", 3, "homelab-3", 3, "us-east", "203.0.113.3", "192.168.130.3", 22,
                "SHA256:x"));
        assertThat(view.state().ready()).isFalse();
        view.apply(new LxcReady("homelab", 3, null, null, "disabled"));
        assertThat(view.state().ready()).isTrue();
        assertThat(view.state().routed()).isFalse();
    }

    @Test
    void notReadyWithoutTheSpecWhateverArrivedBefore() {
        node(1);
        node(2);
        node(3);
        assertThat(view.state().ready()).isFalse();
        view.apply(new ClusterRequested("homelab", spec));
        assertThat(view.state().ready()).isTrue();
    }

    @Test
    void routedUntilReleasedAndAgainDueAfterAScaleUp() {
        view.apply(new ClusterRequested("homelab", spec));
        List.of(1, 2, 3).forEach(this::node);
        view.apply(new NetworkRouted("homelab", AddressPlan.of(spec), List.of()));
        assertThat(view.state().routed()).isTrue();
        view.apply(new ClusterScaleRequested("homelab", 3, spec.withNodes(4)));
        assertThat(view.state().routed()).isFalse();
        assertThat(view.state().ready()).isFalse();
        node(4);
        assertThat(view.state().ready()).isTrue();
        view.apply(new NetworkRouted("homelab", AddressPlan.of(spec, 4), List.of()));
        assertThat(view.state().routed()).isTrue();
        view.apply(new NetworkReleased("homelab", Cause.DELETE, FailureReason.DELETED));
        assertThat(view.state().routed()).isFalse();
        assertThat(view.state().released()).isTrue();
        // a late LxcReady of the torn-down cluster does not bring it back
        node(2);
        assertThat(view.state().released()).isTrue();
        view.apply(new ClusterRequested("homelab", spec));
        assertThat(view.state().released()).isFalse();
    }

    @Test
    void aFailureIsNotRetriedUntilTheClusterIsRequestedAgain() {
        view.apply(new ClusterRequested("homelab", spec));
        List.of(1, 2, 3).forEach(this::node);
        view.apply(new NetworkFailed("homelab", FailureReason.NETWORK_SCRIPT_FAILED, "node 2: ..."));
        assertThat(view.state().failed()).isTrue();
        view.apply(new NodesReleased("homelab", List.of(1L, 2L, 3L), Cause.ROLLBACK,
                FailureReason.NETWORK_SCRIPT_FAILED));
        assertThat(view.state().ready()).isFalse();
        assertThat(view.state().provisionedNodes()).isEmpty();
        view.apply(new ClusterRequested("homelab", spec));
        assertThat(view.state().failed()).isFalse();
    }
}
