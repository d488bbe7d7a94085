package io.kubelode.dns.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnershipTest {
    @Test
    void theOwnerRecordStandsBesideTheNameAndNamesTheCluster() {
        assertThat(Ownership.ownerName("www.dyll.in")).isEqualTo("_kubelode-owner.www.dyll.in");
        assertThat(Ownership.ownedName("_kubelode-owner.www.dyll.in")).isEqualTo("www.dyll.in");
        assertThat(Ownership.value("homelab-7k2qz")).isEqualTo("heritage=kubelode,kubelode/owner=homelab-7k2qz");
        assertThat(Ownership.ownerOf("\"heritage=kubelode,kubelode/owner=homelab-7k2qz\"")).hasValue("homelab-7k2qz");
        assertThat(Ownership.ownerOf("heritage=external-dns,external-dns/owner=default")).isEmpty();
        assertThat(Ownership.ownerOf("heritage=kubelode,kubelode/owner=")).isEmpty();
        assertThat(Ownership.isOwnerName("www.dyll.in")).isFalse();
    }
}
