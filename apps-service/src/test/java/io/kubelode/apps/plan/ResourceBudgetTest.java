package io.kubelode.apps.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.apps.Homelab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The catalog's steady-state requests against three instances of 1, 2 and 4 GB. Writes the table to
 * target/resource-budget.txt.
 */
class ResourceBudgetTest {
    private final List<AppPlan> plans = Catalog.plan(Homelab.context());
    private final List<ResourceBudget.Line> lines = ResourceBudget.of(plans, 3);

    @Test
    void countsEveryWorkloadWithItsReplicasAndTheSchedulersViewOfInitContainers() {
        Map<String, ResourceBudget.Line> by = lines.stream()
                .collect(Collectors.toMap(ResourceBudget.Line::workload, l -> l));
        assertThat(by.get("DaemonSet ingress-nginx/ingress-nginx-controller"))
                .isEqualTo(new ResourceBudget.Line("platform", "DaemonSet ingress-nginx/ingress-nginx-controller",
                        3, 150, 270, 768));
        assertThat(by.get("Deployment web/nginx").memoryRequestMiB()).isEqualTo(32);
        // the blog's pods are scheduled by their hugo init container (64 Mi), not by nginx (16 Mi)
        assertThat(by.get("Deployment blog/hugo").memoryRequestMiB()).isEqualTo(128);
        assertThat(lines).hasSize(10);
    }

    @Test
    void theCatalogDoesNotFitThreeOneGigabyteInstancesButFitsTwoAndFour() throws IOException {
        InstanceFit.Result one = InstanceFit.check(lines, 1024, 3);
        InstanceFit.Result two = InstanceFit.check(lines, 2048, 3);
        InstanceFit.Result four = InstanceFit.check(lines, 4096, 3);
        assertThat(one.fits()).isFalse();
        assertThat(one.appsPerInstance()).isLessThan(0);
        assertThat(two.fits()).isTrue();
        assertThat(four.fits()).isTrue();
        assertThat(two.limitsMiB()).isGreaterThan(two.requestsMiB());
        write(List.of(one, two, four));
    }

    private void write(List<InstanceFit.Result> fits) throws IOException {
        StringBuilder s = new StringBuilder(String.format("%-10s %-55s %4s %8s %8s %8s%n", "app", "workload", "pods",
                "cpu(m)", "mem(Mi)", "lim(Mi)"));
        lines.forEach(l -> s.append(String.format("%-10s %-55s %4d %8d %8d %8d%n", l.app(), l.workload(), l.pods(),
                l.cpuRequestMilli(), l.memoryRequestMiB(), l.memoryLimitMiB())));
        s.append(String.format("%-10s %-55s %4d %8d %8d %8d%n", "total", "(apps + platform)",
                lines.stream().mapToInt(ResourceBudget.Line::pods).sum(),
                lines.stream().mapToLong(ResourceBudget.Line::cpuRequestMilli).sum(),
                lines.stream().mapToLong(ResourceBudget.Line::memoryRequestMiB).sum(),
                lines.stream().mapToLong(ResourceBudget.Line::memoryLimitMiB).sum()));
        s.append("largest backup job pod (one at a time, nightly): ")
                .append(ResourceBudget.largestJobMemoryMiB(plans)).append(" Mi\n");
        fits.forEach(f -> s.append(String.format(
                "3 x %4d MB: usable %4d MiB/instance, left for pods %5d MiB/instance (x3 = %5d); "
                        + "requests+CoreDNS %4d MiB, limits+CoreDNS %4d MiB -> %s (headroom %d MiB)%n",
                f.sizeMiB(), f.usableMiB(), f.appsPerInstance(), 3 * f.appsPerInstance(), f.requestsMiB(),
                f.limitsMiB(), f.fits() ? "FITS" : "DOES NOT FIT", f.headroomMiB())));
        Files.writeString(Path.of("target/resource-budget.txt"), s.toString());
    }
}
