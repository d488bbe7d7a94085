package io.kubelode.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubelode.sandbox.fault.FaultSpec;
import io.kubelode.sandbox.fault.Faults;
import io.kubelode.sandbox.fault.Scope;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cluster and domain scopes of faults, without the HTTP layer. */
class FaultScopeTest {

    private static FaultSpec spec(String type, String cluster, String domain, Integer count) {
        return new FaultSpec(type, null, null, null, null, null, count, null, null,
                FaultSpec.SLOW_BOOT.equals(type) ? 1000L : null, null, null, null, null, cluster, domain);
    }

    @Test
    void tellsTheClusterOfAnInstanceByTagThenByLabel() {
        assertThat(Scope.ofInstance("web-a1b2c-3", List.of("kubelode", "kl:web-a1b2c")).cluster())
                .isEqualTo("web-a1b2c");
        assertThat(Scope.ofInstance("web-a1b2c-3", List.of()).cluster()).isEqualTo("web-a1b2c");
        assertThat(Scope.ofInstance("no-node-number", null)).isEqualTo(Scope.NONE);
        assertThat(Scope.ofCluster("kl:web-a1b2c")).isEqualTo(Scope.ofCluster("web-a1b2c"));
        assertThat(Scope.ofDomain("Example.ORG.")).isEqualTo(Scope.ofDomain("example.org"));
    }

    @Test
    void aScopedStormHitsOnlyItsClusterOrDomainAndWearsOffByItsOwnHits() {
        Faults faults = new Faults();
        faults.add(spec(FaultSpec.SERVER_ERRORS, "a-11111", "a.example.org", 2));

        assertThat(faults.httpFault("GET", "/linode/instances", Scope.NONE, false)).isEmpty();
        assertThat(faults.httpFault("GET", "/linode/instances/1", Scope.ofCluster("b-22222"), false)).isEmpty();
        assertThat(faults.httpFault("GET", "/domains/7", Scope.ofDomain("b.example.org"), false)).isEmpty();
        assertThat(faults.httpFault("GET", "/linode/instances/1", Scope.ofCluster("a-11111"), false)).isPresent();
        assertThat(faults.httpFault("GET", "/domains/7", Scope.ofDomain("A.example.org."), false)).isPresent();
        assertThat(faults.httpFault("GET", "/linode/instances/1", Scope.ofCluster("a-11111"), false)).isEmpty();
    }

    @Test
    void anUnscopedFaultHitsEverythingButNotOnTheSecondLook() {
        Faults faults = new Faults();
        faults.add(spec(FaultSpec.RATE_LIMIT, null, null, null));

        assertThat(faults.httpFault("GET", "/linode/instances", Scope.NONE, false)).isPresent();
        assertThat(faults.httpFault("POST", "/linode/instances", Scope.ofCluster("a-11111"), false)).isPresent();
        assertThat(faults.httpFault("POST", "/linode/instances", Scope.ofCluster("a-11111"), true)).isEmpty();
    }

    @Test
    void labelAndWorkloadFaultsFollowTheClusterScope() {
        Faults faults = new Faults();
        faults.add(spec(FaultSpec.SLOW_BOOT, "a-11111", null, null));
        faults.add(new FaultSpec(FaultSpec.NEVER_READY, null, null, null, null, null, null, null, null, null, null,
                null, null, "web/.*", "a-11111", null));

        assertThat(faults.extraBoot("a-11111-2")).isEqualTo(Duration.ofSeconds(1));
        assertThat(faults.extraBoot("a-111112-2")).isZero();
        assertThat(faults.extraBoot("b-22222-2")).isZero();
        assertThat(faults.neverReady("kl:a-11111", "web", "nginx")).isTrue();
        assertThat(faults.neverReady("b-22222", "web", "nginx")).isFalse();
        assertThat(faults.neverReady("web", "nginx")).as("cluster unknown: only unscoped faults").isFalse();
    }

    @Test
    void refusesABlankScope() {
        assertThatThrownBy(() -> new Faults().add(spec(FaultSpec.SERVER_ERRORS, "", null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
