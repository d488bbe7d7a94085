package io.kubelode.gateway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.events.spec.Preflight;
import io.kubelode.gateway.Saga;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DryRunTest {
    static final List<Preflight.NodeType> TYPES = List.of(
            new Preflight.NodeType("g6-nanode-1", "Nanode 1GB", 1024, new BigDecimal("5")),
            new Preflight.NodeType("g6-standard-2", "Linode 4GB", 4096, new BigDecimal("24")));

    static Preflight.Result preflight(io.kubelode.events.spec.ClusterSpec spec, List<Preflight.NodeType> types) {
        return Preflight.check(spec, Optional.of(new Preflight.Region("eu-central", List.of("Linodes", "Metadata"))),
                Optional.of(new Preflight.Image("linode/debian12", List.of("cloud-init"))), types);
    }

    @Test
    void thePlanNamesEveryResourceDeterministicallyAndPricesTheNodesFromLinodesTypes() {
        var spec = Saga.spec("shop", 4);
        var plan = DryRun.of("shop-abcde", spec, preflight(spec, TYPES), "GET /linode/types at test");
        assertThat(plan.instances()).extracting(DryRun.Instance::label)
                .containsExactly("shop-abcde-1", "shop-abcde-2", "shop-abcde-3", "shop-abcde-4");
        assertThat(plan.instances().get(0).tags()).containsExactly("kubelode", "kl:shop-abcde");
        assertThat(plan.containers()).hasSize(8).extracting(DryRun.Container::role)
                .containsOnly("master", "worker");
        assertThat(plan.containers().get(0).address()).isEqualTo(plan.addressPlan().node(1).masterAddress());
        assertThat(plan.dnsRecords()).extracting(DryRun.DnsRecord::name)
                .containsExactly("example.org", "www.example.org", "blog.example.org");
        assertThat(plan.steps()).extracting(DryRun.Step::layer).startsWith("provisioner").endsWith("dns");
        assertThat(plan.steps()).extracting(DryRun.Step::order).isSorted().doesNotHaveDuplicates();
        assertThat(plan.cost().monthly()).isEqualByComparingTo("96.00");
        assertThat(plan.cost().priceSource()).isEqualTo("GET /linode/types at test");
        assertThat(plan.preflight().checked()).isTrue();
        assertThat(plan.preflight().fits()).isTrue();
        assertThat(plan.preflight().memory().perInstanceMiB()).isEqualTo(2660);
        assertThat(plan.preflight().verdict()).startsWith("4 x g6-standard-2 (4096 MiB): the apps request");
    }

    @Test
    void aTypeLinodeDoesNotPriceHasNoPriceRatherThanAWrongOne() {
        var spec = Saga.spec("shop", 3);
        var plan = DryRun.of("shop-abcde", spec, preflight(spec, List.of(new Preflight.NodeType("g6-standard-2",
                "Linode 4GB", 4096, null))), "GET /linode/types at test");
        assertThat(plan.cost().monthly()).isNull();
        assertThat(plan.cost().priceSource()).contains("no price for g6-standard-2");
    }

    @Test
    void withoutALinodeThePlanSaysItCheckedNothingAndPricesNothing() {
        var plan = DryRun.of("shop-abcde", Saga.spec("shop", 3), null, "kubelode.gateway.linode-url is not set");
        assertThat(plan.cost().monthly()).isNull();
        assertThat(plan.cost().perNode()).isNull();
        assertThat(plan.cost().priceSource()).isEqualTo("kubelode.gateway.linode-url is not set");
        assertThat(plan.preflight().checked()).isFalse();
        assertThat(plan.preflight().verdict()).isEqualTo("not checked: kubelode.gateway.linode-url is not set");
    }
}
