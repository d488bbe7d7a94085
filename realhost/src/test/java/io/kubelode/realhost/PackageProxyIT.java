package io.kubelode.realhost;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.hosts.DebianHost;
import io.kubelode.hosts.HostBridge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The hosts' way out ({@code HostBridge}, {@code PackageProxy}): a host on the bridge fetches from
 * Debian's mirror by its name over plain HTTP, as apt does, and gets it through the bridge's
 * apt-cacher-ng, which keeps it; its DNS is answered; anything else it opens off the bridge (HTTPS to
 * the same mirror, which answers this machine) is refused at once. Removing the bridge takes the proxy
 * and every rule with it, and leaves the cache.
 */
@Execution(ExecutionMode.CONCURRENT)
class PackageProxyIT {
    private static final HostBridge BRIDGE = new HostBridge("klapt0", "172.31.244.1", 24, "172.31.244.0/24");
    private static final String FILE = "debian/dists/bookworm/InRelease";

    @Test
    void aHostOnTheBridgeReachesDebiansMirrorThroughTheProxyOnlyAndTheCacheOutlivesTheBridge() throws IOException {
        NeedsRealHosts.require();
        Path cache = DebianHost.CACHE.resolve("apt").resolve(BRIDGE.name());
        Internet.sh("rm -rf " + cache);
        BRIDGE.ensure();
        try (Internet host = Internet.on("apt", BRIDGE.name(), BRIDGE.address(20), 24)) {
            host.run("ip route add default via " + BRIDGE.gateway());
            String fetch = "curl -sS -o /dev/null -w '%{http_code} %{time_total}' --max-time 60 http://deb.debian.org/";
            String cold = host.run(fetch + FILE);
            assertThat(cold).startsWith("200 ");
            assertThat(Files.exists(cache.resolve("debrep/dists/bookworm/InRelease")))
                    .as("the proxy's cache holds what the host fetched").isTrue();
            // apt-cacher-ng writes its transfer log after it answered: on two busy cores, a moment later
            Path log = Path.of("/run/kubelode-hosts/apt-" + BRIDGE.name() + "/apt-cacher.log");
            Awaitility.await("the proxy's log of the transfer").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(Files.readString(log)).contains("dists/bookworm/InRelease"));
            String warm = host.run(fetch + FILE);
            assertThat(warm).startsWith("200 ");
            System.out.printf("package proxy: %s cold in %s s, then in %s s%n", FILE, cold.split(" ")[1],
                    warm.split(" ")[1]);
            assertThat(host.run("getent ahostsv4 deb.debian.org | head -n1")).as("DNS off the bridge").isNotBlank();
            assertThat(host.run("curl -sS -o /dev/null --max-time 20 https://deb.debian.org/" + FILE + " 2>&1; echo rc=$?"))
                    .as("HTTPS off the bridge, refused by the wall (this machine reaches it)")
                    .contains("Failed to connect to deb.debian.org port 443").endsWith("rc=7\n");
        } finally {
            BRIDGE.remove();
        }
        assertThat(Internet.sh("iptables -w -t nat -S; iptables -w -t filter -S")).as("the bridge's rules")
                .doesNotContain(BRIDGE.name()).doesNotContain(BRIDGE.subnet());
        assertThat(Path.of("/run/kubelode-hosts/apt-" + BRIDGE.name())).doesNotExist();
        assertThat(Internet.sh("ss -ltnH")).as("the proxy stopped").doesNotContain(BRIDGE.gateway() + ":3149");
        assertThat(cache.resolve("debrep/dists/bookworm/InRelease")).as("the cache stays").exists();
    }
}
