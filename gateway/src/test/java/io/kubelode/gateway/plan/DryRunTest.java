package io.kubelode.gateway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.gateway.Saga;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DryRunTest {

    @Test
    void thePlanNamesEveryResourceDeterministicallyAndPricesTheNodes() {
        var spec = Saga.spec("shop", 4);
        var plan = DryRun.of("shop-abcde", spec, Map.of("g6-nanode-1", new BigDecimal("5.00")), "static");
        assertThat(plan.instances()).extracting(DryRun.Instance::label)
                .containsExactly("shop-abcde-1", "shop-abcde-2", "shop-abcde-3", "shop-abcde-4");
        assertThat(plan.instances().get(0).tags()).containsExactly("kubelode", "kl:shop-abcde");
        assertThat(plan.containers()).hasSize(8).extracting(DryRun.Container::owner)
                .containsOnly("k8-master", "k8-worker");
        assertThat(plan.containers().get(0).address()).isEqualTo(plan.addressPlan().node(1).masterAddress());
        assertThat(plan.dnsRecords()).extracting(DryRun.DnsRecord::name)
                .containsExactly("example.org", "www.example.org", "blog.example.org");
        assertThat(plan.steps()).extracting(DryRun.Step::layer).startsWith("provisioner").endsWith("dns");
        assertThat(plan.steps()).extracting(DryRun.Step::order).isSorted().doesNotHaveDuplicates();
        assertThat(plan.cost().monthly()).isEqualByComparingTo("20.00");
    }

    @Test
    void anUnknownTypeHasNoPriceRatherThanAWrongOne() {
        var plan = DryRun.of("shop-abcde", Saga.spec("shop", 3), Map.of(), "static");
        assertThat(plan.cost().monthly()).isNull();
        assertThat(plan.cost().priceSource()).contains("no price for g6-nanode-1");
    }
}
