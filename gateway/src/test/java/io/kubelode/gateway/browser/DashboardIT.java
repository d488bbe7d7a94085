package io.kubelode.gateway.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.FailureReason;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodeRepairFailed;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.Repair;
import io.kubelode.gateway.Api;
import io.kubelode.gateway.Bus;
import io.kubelode.gateway.Saga;
import io.kubelode.kafka.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in headless Chromium: the grid of a 3-node cluster fills in from SSE and turns Ready; a
 * repair shows in the phase, the repair line, the node and the event list.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class DashboardIT {
    private static final String[] LAYERS = {"InstanceReady", "ContainersReady", "NetworkRouted", "KubernetesJoined",
        "AppsDeployed", "DnsPublished"};

    @TestHTTPResource("/")
    URL root;

    @Test
    void theGridOfAThreeNodeClusterTurnsReadyAsEventsArrive() throws Exception {
        String id = "web-" + UUID.randomUUID().toString().substring(0, 5) + "-aaaaa";
        ClusterRequested requested = Saga.requested(id, 3);
        List<KubelodeEvent> forward = Saga.forward(id, requested.spec());
        try (Bus bus = new Bus(); HeadlessChromium chromium = HeadlessChromium.start(1280, 900)) {
            bus.publish(requested);
            await().atMost(Duration.ofSeconds(20)).until(() -> io.restassured.RestAssured.given()
                    .auth().oauth2(Api.READER).get("/clusters/" + id).statusCode() == 200);
            chromium.navigate(root + "#/clusters/" + id + "&token=" + Api.READER);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(chromium.eval(
                    "document.querySelectorAll('#grid td.cell').length").asInt()).isEqualTo(3 * LAYERS.length));
            assertThat(chromium.eval("location.hash").asText()).doesNotContain("token");
            assertThat(status(chromium, 1, "InstanceReady")).isEqualTo("Unknown");

            bus.publishAll(forward.subList(0, 3));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(status(chromium, 3, "InstanceReady")).isEqualTo("True");
                assertThat(chromium.eval("document.getElementById('phase').textContent").asText())
                        .isEqualTo("Provisioning");
            });
            assertThat(status(chromium, 1, "DnsPublished")).isEqualTo("Unknown");

            bus.publishAll(forward.subList(3, forward.size()));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(chromium.eval("document.getElementById('phase').textContent").asText()).isEqualTo("Ready");
                assertThat(chromium.eval("[...document.querySelectorAll('#grid td.cell')]"
                        + ".every(td => td.dataset.status === 'True')").asBoolean()).isTrue();
                assertThat(chromium.eval("document.querySelectorAll('#log li').length").asInt())
                        .isEqualTo(1 + forward.size());
            });
            assertThat(chromium.eval("[...document.querySelectorAll('#apps a')].map(a => a.href).join(' ')").asText())
                    .contains("https://www.example.org/", "https://blog.example.org/");

            byte[] png = chromium.screenshot();
            Path shot = Path.of("target", "dashboard-ready.png");
            Files.write(shot, png);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            for (int node = 1; node <= 3; node++) {
                for (String layer : LAYERS) {
                    int[] xy = centre(chromium, node, layer);
                    int rgb = image.getRGB(xy[0], xy[1]);
                    assertThat(isReadyGreen(rgb)).as("pixel of node %d %s at %s is green (46,125,50), was #%06x"
                            + " in %s", node, layer, java.util.Arrays.toString(xy), rgb & 0xffffff, shot).isTrue();
                }
            }
        }
    }

    @Test
    void aRepairShowsInThePhaseTheRepairLineTheNodeAndTheEvents() throws Exception {
        String id = "fix-" + UUID.randomUUID().toString().substring(0, 5) + "-aaaaa";
        ClusterRequested requested = Saga.requested(id, 3);
        List<KubelodeEvent> forward = Saga.forward(id, requested.spec());
        try (Bus bus = new Bus(); HeadlessChromium chromium = HeadlessChromium.start(1280, 900)) {
            bus.publish(requested);
            bus.publishAll(forward);
            await().atMost(Duration.ofSeconds(20)).until(() -> "Ready".equals(io.restassured.RestAssured.given()
                    .auth().oauth2(Api.READER).get("/clusters/" + id).path("phase")));
            chromium.navigate(root + "#/clusters/" + id + "&token=" + Api.READER);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(text(chromium, "phase"))
                    .isEqualTo("Ready"));
            assertThat(chromium.eval("document.getElementById('repair').hidden").asBoolean()).isTrue();

            bus.publish(new NodeRepairStarted(id, 2, Repair.REPLACE, 1002, "linode_delete finished (event 90211)"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(text(chromium, "phase")).isEqualTo("Repairing");
                assertThat(text(chromium, "repair")).startsWith("Repair under way (Repairing): node 2 is being"
                        + " replaced (Linode 1002 at 127.0.10.2: linode_delete finished (event 90211))");
                assertThat(status(chromium, 2, "InstanceReady")).isEqualTo("Unknown");
            });
            assertThat(text(chromium, "ready-message")).contains("the cluster serves on its other nodes");
            assertThat(status(chromium, 1, "InstanceReady")).isEqualTo("True");
            assertThat(chromium.eval("getComputedStyle(document.getElementById('phase')).backgroundColor").asText())
                    .isEqualTo("rgb(239, 108, 0)");

            bus.publish(new NodeProvisioned(id, 2, id + "-2", 2002, "eu-central", "127.0.20.2", "192.168.130.2", 22,
                    "SHA256:new"));
            bus.publish(new NodeRepairFailed(id, 2, Repair.REPLACE, FailureReason.LXD_CONTAINERS_FAILED,
                    "lxc-start exited 1"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(text(chromium, "phase")).isEqualTo("Degraded");
                assertThat(text(chromium, "repair")).startsWith("Repair FAILED (LxdContainersFailed): repair of node 2"
                        + " (REPLACE) failed: LxdContainersFailed - lxc-start exited 1; the cluster serves on its other"
                        + " nodes, a person is needed");
                assertThat(chromium.eval("document.getElementById('repair').dataset.status").asText())
                        .isEqualTo("False");
                assertThat(status(chromium, 2, "ContainersReady")).isEqualTo("False");
                assertThat(text(chromium, "node-2")).isEqualTo(id + "-2Linode 2002 at 127.0.20.2");
                assertThat(chromium.eval("document.querySelectorAll('#log li').length").asInt())
                        .isEqualTo(1 + forward.size() + 3);
            });
            assertThat(chromium.eval("[...document.querySelectorAll('#log li')].slice(-3).map(li => li.textContent)"
                    + ".join('\\n')").asText()).contains(
                    "node 2: repair started - REPLACE of Linode 1002, cause: linode_delete finished (event 90211)",
                    "node 2: Linode 2002 " + id + "-2 at 127.0.20.2 provisioned",
                    "repair of node 2 (REPLACE) failed: LxdContainersFailed - lxc-start exited 1");
            assertThat(chromium.eval("getComputedStyle(document.getElementById('phase')).backgroundColor").asText())
                    .isEqualTo("rgb(198, 40, 40)");
            Files.write(Path.of("target", "dashboard-degraded.png"), chromium.screenshot());
        }
    }

    private static String text(HeadlessChromium chromium, String elementId) throws Exception {
        return chromium.eval("(document.getElementById('" + elementId + "') || {}).textContent || ''").asText();
    }

    private static String status(HeadlessChromium chromium, int node, String layer) throws Exception {
        return chromium.eval("(document.getElementById('cell-" + node + "-" + layer + "') || {dataset: {}})"
                + ".dataset.status || ''").asText();
    }

    /** A point inside the cell, to the left of its text. */
    private static int[] centre(HeadlessChromium chromium, int node, String layer) throws Exception {
        var r = chromium.eval("(() => { const b = document.getElementById('cell-" + node + "-" + layer
                + "').getBoundingClientRect(); return [Math.round(b.left + 3), Math.round(b.top + 3)]; })()");
        return new int[] {r.get(0).asInt(), r.get(1).asInt()};
    }

    private static boolean isReadyGreen(int rgb) {
        int red = (rgb >> 16) & 0xff;
        int green = (rgb >> 8) & 0xff;
        int blue = rgb & 0xff;
        return Math.abs(red - 46) <= 12 && Math.abs(green - 125) <= 12 && Math.abs(blue - 50) <= 12;
    }
}
