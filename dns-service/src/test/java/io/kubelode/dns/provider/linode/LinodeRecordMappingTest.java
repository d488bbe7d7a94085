package io.kubelode.dns.provider.linode;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.dns.plan.ObservedRecords;
import io.kubelode.dns.plan.Ownership;
import io.kubelode.events.plan.LinodeNames;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinodeRecordMappingTest {

    @Test
    void readsRelativeNamesOwnershipAndTtlsFromLinodeRecords() {
        ObservedRecords seen = LinodeDnsProvider.observed("dyll.in", List.of(
                new LinodeRecord(1L, "A", "", "192.0.2.1", 30),
                new LinodeRecord(2L, "TXT", "_kubelode-owner", Ownership.value("c1"), 300),
                new LinodeRecord(3L, "A", "www", "192.0.2.1", 300),
                new LinodeRecord(4L, "A", "www.dyll.in", "192.0.2.2", 300),
                new LinodeRecord(5L, "TXT", "_kubelode-owner.www", "\"" + Ownership.value("c2") + "\"", 300),
                new LinodeRecord(6L, "MX", "", "mail.dyll.in", 300),
                new LinodeRecord(7L, "TXT", "", "v=spf1 -all", 300)));
        assertThat(seen.names()).containsOnlyKeys("dyll.in", "www.dyll.in");
        assertThat(seen.get("dyll.in").orElseThrow().owner()).hasValue("c1");
        assertThat(seen.get("dyll.in").orElseThrow().ttl()).isEqualTo(30);
        assertThat(seen.get("www.dyll.in").orElseThrow().addresses()).containsExactlyInAnyOrder("192.0.2.1", "192.0.2.2");
        assertThat(seen.get("www.dyll.in").orElseThrow().owner()).hasValue("c2");
    }

    @Test
    void namesRecordsRelativeToTheDomain() {
        assertThat(LinodeDnsProvider.relative("dyll.in", "dyll.in")).isEmpty();
        assertThat(LinodeDnsProvider.requestName("dyll.in", "dyll.in")).isEqualTo("dyll.in");
        assertThat(LinodeDnsProvider.requestName("www.dyll.in", "dyll.in")).isEqualTo("www");
        assertThat(LinodeDnsProvider.relative("_kubelode-owner.www.dyll.in", "dyll.in"))
                .isEqualTo("_kubelode-owner.www");
    }

    @Test
    void knowsLinodesRecordTtlRoundingAndHidesTheToken() {
        LinodeSettings s = new LinodeSettings("http://127.0.0.1:1/v4", "secret-token-value", "h@example.org",
                Duration.ofSeconds(1));
        LinodeDnsProvider p = new LinodeDnsProvider(s);
        assertThat(p.storedTtl(30)).isEqualTo(300);
        assertThat(p.storedTtl(3000)).isEqualTo(3600);
        assertThat(s.toString()).doesNotContain("secret-token-value");
        assertThat(LinodeNames.clusterTag("homelab-7k2qz")).isEqualTo("kl:homelab-7k2qz");
    }
}
