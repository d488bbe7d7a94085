package io.kubelode.events.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryFitTest {

    @Test
    void everyInstanceHoldsKubeadmsMachineTheWorkerNodeAndTheEvictionThresholdBeforeAnyPod() {
        assertThat(MemoryFit.PER_INSTANCE_MIB).isEqualTo(2048 + 512 + 100);
        MemoryFit.Budget b = MemoryFit.of(List.of(), 3, 4096);
        assertThat(b.roomPerNodeMiB()).isEqualTo(4096 - 2660);
        // CoreDNS, one ingress controller per node, the local-path provisioner: the platform alone
        assertThat(b.requestsMiB()).isEqualTo(140 + 3 * 90 + 32);
    }

    @Test
    void theWholeCatalogNeedsFourGigabytesOnThreeNodes() {
        List<App> all = List.of(App.values());
        MemoryFit.Budget four = MemoryFit.of(all, 3, 4096);
        assertThat(four.requestsMiB()).isEqualTo(140 + 270 + 32 + 32 + 128 + 240 + 48 + 448 + 128);
        assertThat(four.fits()).isTrue();
        assertThat(four.headroomMiB()).isEqualTo(3 * 1436 - 1466);
        assertThat(MemoryFit.of(all, 3, 2048).fits()).isFalse();
        assertThat(MemoryFit.of(all, 3, 1024).fits()).isFalse();
        assertThat(MemoryFit.of(List.of(), 3, 2048).fits()).as("not even without apps").isFalse();
    }

    @Test
    void theLargestPodMustFitOneInstance() {
        // 2800 MiB instances leave 140 MiB each: 100 nodes hold the requests in total, not Nextcloud's 256Mi pod
        MemoryFit.Budget b = MemoryFit.of(List.of(App.NEXTCLOUD), 100, 2800);
        assertThat(b.headroomMiB()).isPositive();
        assertThat(b.largestPodMiB()).isEqualTo(256);
        assertThat(b.fits()).isFalse();
    }

    @Test
    void dropsTheLargestAppsFirstAndSaysWhenNothingHelps() {
        // 3 x 3072: 412 MiB room each, 1236 in all; the platform takes 442, so 794 are left for apps
        assertThat(MemoryFit.toDrop(List.of(App.values()), 3, 3072)).containsExactly(App.NEXTCLOUD);
        assertThat(MemoryFit.toDrop(List.of(App.WEB), 3, 3072)).isEmpty();
        assertThat(MemoryFit.toDrop(List.of(App.values()), 3, 2048)).isNull();
    }
}
