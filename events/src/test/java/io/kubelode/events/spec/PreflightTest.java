package io.kubelode.events.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PreflightTest {
    static final List<Preflight.NodeType> TYPES = List.of(
            new Preflight.NodeType("g6-nanode-1", "Nanode 1GB", 1024, new BigDecimal("5")),
            new Preflight.NodeType("g6-standard-1", "Linode 2GB", 2048, new BigDecimal("12")),
            new Preflight.NodeType("g6-dedicated-2", "Dedicated 4GB", 4096, new BigDecimal("36")),
            new Preflight.NodeType("g6-standard-2", "Linode 4GB", 4096, new BigDecimal("24")),
            new Preflight.NodeType("g6-standard-4", "Linode 8GB", 8192, new BigDecimal("48")));
    static final Optional<Preflight.Region> REGION = Optional.of(new Preflight.Region("eu-central",
            List.of("Linodes", "Metadata", "Block Storage")));
    static final Optional<Preflight.Image> IMAGE = Optional.of(new Preflight.Image("linode/debian12",
            List.of("cloud-init", "distributed-sites")));

    static ClusterSpec spec(String type, boolean overcommit) {
        return new ClusterSpec("homelab", "eu-central", type, null, 3, "dyll.in", null,
                List.of(SpecValidatorTest.KEY), null, null, null, overcommit);
    }

    @Test
    void theDefaultTypeFitsTheWholeCatalogAndIsTheCheapestThatDoes() {
        Preflight.Result r = Preflight.check(spec(null, false), REGION, IMAGE, TYPES);
        assertThat(r.refusals()).isEmpty();
        assertThat(r.budget().fits()).isTrue();
        assertThat(r.smallestFit().id()).isEqualTo(ClusterSpec.DEFAULT_TYPE);
        assertThat(r.accepted(spec(null, false))).isTrue();
    }

    @Test
    void nanodesAreTooSmallAndTheVerdictNamesTheSmallestFitAndItsCost() {
        ClusterSpec nanodes = spec("g6-nanode-1", false);
        Preflight.Result r = Preflight.check(nanodes, REGION, IMAGE, TYPES);
        assertThat(r.tooSmall(nanodes)).isTrue();
        assertThat(r.accepted(nanodes)).isFalse();
        assertThat(r.smallestFit().id()).isEqualTo("g6-standard-2");
        assertThat(r.memoryVerdict()).contains("g6-nanode-1 (1024 MiB) is too small",
                "the smallest type that fits is g6-standard-2 (Linode 4GB, 4096 MiB) at 24.00 USD/month each,"
                        + " 72.00 USD/month for 3",
                "no cheaper type fits even without apps");
    }

    @Test
    void forcingAcceptsAnUndersizedType() {
        ClusterSpec forced = spec("g6-nanode-1", true);
        Preflight.Result r = Preflight.check(forced, REGION, IMAGE, TYPES);
        assertThat(r.budget().fits()).isFalse();
        assertThat(r.accepted(forced)).isTrue();
        assertThat(r.tooSmall(forced)).isFalse();
    }

    @Test
    void namesTheAppsToDropToFitACheaperType() {
        List<Preflight.NodeType> withThree = new java.util.ArrayList<>(TYPES);
        withThree.add(new Preflight.NodeType("g7-standard-3", "Linode 3GB", 3072, new BigDecimal("18")));
        ClusterSpec small = spec("g6-standard-1", false);
        Preflight.Result r = Preflight.check(small, REGION, IMAGE, withThree);
        assertThat(r.cheaper().type().id()).isEqualTo("g7-standard-3");
        assertThat(r.cheaper().drop()).containsExactly(App.NEXTCLOUD);
        assertThat(r.memoryVerdict()).contains("to fit g7-standard-3 (Linode 3GB, 3072 MiB) at 18.00 USD/month"
                + " each, 54.00 USD/month for 3 instead, drop nextcloud");
    }

    @Test
    void refusesARegionWithoutMetadataAnImageWithoutCloudInitAndAnUnknownType() {
        ClusterSpec s = spec("g6-giant-99", false);
        Preflight.Result r = Preflight.check(s, Optional.of(new Preflight.Region("eu-central", List.of("Linodes"))),
                Optional.of(new Preflight.Image("linode/debian12", List.of())), TYPES);
        assertThat(r.refusals()).extracting(FieldViolation::field).containsExactly("region", "image", "nodeType");
        assertThat(r.refusals().get(0).message()).contains("does not offer the 'Metadata' capability");
        assertThat(r.refusals().get(1).message()).contains("does not offer the 'cloud-init' capability");
        assertThat(r.accepted(s)).isFalse();
        assertThat(r.tooSmall(s)).isFalse();
    }

    @Test
    void refusesARegionAndAnImageLinodeDoesNotHave() {
        Preflight.Result r = Preflight.check(spec(null, false), Optional.empty(), Optional.empty(), TYPES);
        assertThat(r.refusals()).extracting(FieldViolation::field).containsExactly("region", "image");
    }

    @Test
    void overcommitMemoryIsWrittenOnlyWhenTrueAndReadBack() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(spec(null, false))).doesNotContain("overcommitMemory");
        String forced = json.writeValueAsString(spec("g6-nanode-1", true));
        assertThat(forced).contains("\"overcommitMemory\":true");
        assertThat(json.readValue(forced, ClusterSpec.class).overcommitMemory()).isTrue();
        assertThat(json.readValue("{\"name\":\"a\"}", ClusterSpec.class).overcommitMemory()).isFalse();
    }
}
