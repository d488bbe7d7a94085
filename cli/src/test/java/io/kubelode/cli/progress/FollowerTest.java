package io.kubelode.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import io.kubelode.cli.Exit;
import io.kubelode.cli.Io;
import io.kubelode.cli.StubGateway;
import io.kubelode.cli.http.Gateway;
import io.kubelode.cli.render.Format;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Following a real HTTP event stream that breaks: resumed with Last-Event-ID, nothing lost or doubled. */
class FollowerTest {
    private static final String EVENTS = "GET /clusters/homelab-abcde/events";
    private final StubGateway stub = new StubGateway();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        stub.close();
    }

    /** Sends the recorded entries after Last-Event-ID, at most {@code perConnection} of them, then ends the stream. */
    private void serve(String recording, int perConnection) {
        serve(Recorded.lines(recording), perConnection);
    }

    private void serve(List<String> lines, int perConnection) {
        stub.on(EVENTS, ex -> {
            String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
            int from = last == null ? 0 : Integer.parseInt(last) + 1;
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream body = ex.getResponseBody()) {
                body.write(": a comment line\n\n".getBytes(StandardCharsets.UTF_8));
                for (int i = from; i < lines.size() && i < from + perConnection; i++) {
                    body.write(("id: " + i + "\ndata: " + lines.get(i) + "\n\n").getBytes(StandardCharsets.UTF_8));
                    body.flush();
                }
            }
            ex.close();
        });
    }

    private Follower follower(boolean terminal, Format format) {
        Io io = new Io(new PrintWriter(out), new PrintWriter(err), terminal, 100,
                Clock.fixed(Instant.parse("2026-11-25T12:01:00Z"), ZoneOffset.UTC));
        return new Follower(new Gateway(URI.create(stub.url()), Optional.of("t0ken")), io, format, Duration.ofMillis(10),
                Duration.ofMillis(20));
    }

    @Test
    void aBrokenStreamIsResumedAfterTheLastEventSeen() {
        serve("ready", 4);
        int exit = follower(false, Format.table).follow("homelab-abcde", 0, Goal.READY);
        assertThat(exit).isEqualTo(Exit.OK);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(12);
        assertThat(lines.subList(0, 11)).allSatisfy(l -> assertThat(l).startsWith("+"));
        assertThat(lines.get(4)).isEqualTo("+01:10  containers  node 1: containers homelab-abcde-1-master and"
                + " homelab-abcde-1-worker running (SELinux disabled)");
        assertThat(lines.get(11)).isEqualTo("cluster homelab-abcde is Ready after 04:25");
        assertThat(stub.seen).extracting(s -> s.header("Last-Event-ID")).containsExactly(null, "3", "7");
        assertThat(stub.seen).extracting(s -> s.header("Accept")).containsOnly("text/event-stream");
        assertThat(err.toString()).contains("event stream interrupted; resuming after event 3",
                "resuming after event 7");
    }

    @Test
    void aStreamWithoutEventsForTheStallTimeEndsWithExitSevenNamingTheLayer() throws Exception {
        List<String> lines = Recorded.lines("ready");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        stub.on(EVENTS, ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream body = ex.getResponseBody();
            for (int i = 0; i < 5; i++) {
                body.write(("id: " + i + "\ndata: " + lines.get(i) + "\n\n").getBytes(StandardCharsets.UTF_8));
            }
            body.flush();
            try {
                // the stream stays open and silent, as when the next layer's service is not running
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        try {
            follower(false, Format.table).stallAfter(Duration.ofSeconds(3)).follow("homelab-abcde", 0, Goal.READY);
            throw new AssertionError("expected to stall");
        } catch (io.kubelode.cli.CliException e) {
            assertThat(e.exitCode()).isEqualTo(Exit.STALLED);
            assertThat(e.getMessage()).isEqualTo("no event for 3 s after \"node 1: containers homelab-abcde-1-master"
                    + " and homelab-abcde-1-worker running (SELinux disabled)\": waiting for the containers layer"
                    + " (lxc-service; see its log)");
        } finally {
            release.countDown();
        }
        assertThat(out.toString().lines()).hasSize(5);
    }

    @Test
    void aRollbackEndsWithExitOne() {
        serve("rollback", 100);
        assertThat(follower(false, Format.table).follow("homelab-abcde", 0, Goal.READY))
                .isEqualTo(Exit.CLUSTER_FAILED);
        assertThat(out.toString()).endsWith("cluster homelab-abcde was rolled back after 01:35: the containers layer"
                + " failed on node 2: LxdContainersFailed (lxc-start exited 1)\n");
        assertThat(stub.seen).hasSize(1);
    }

    @Test
    void eventsFFollowsARepairUnderWayAndEndsWithExitOneWhenItFails() {
        serve(Repairs.lines(Repairs.degraded()), 100);
        // events -f once the repair started (12 events known): followed to its end
        assertThat(follower(false, Format.table).follow("homelab-abcde", 11, Goal.SETTLED))
                .isEqualTo(Exit.CLUSTER_FAILED);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.subList(11, lines.size())).containsExactly(
                "+1:00:00  instance    node 2: repair started - REPLACE of Linode 1002, cause: linode_delete finished"
                        + " (event 90211)",
                "+1:00:50  instance    node 2: Linode 2002 homelab-abcde-2 at 127.0.20.2 provisioned",
                "+1:02:10  instance    node 2: repair FAILED - REPLACE: LxdContainersFailed - lxc-start exited 1;"
                        + " a person is needed",
                "cluster homelab-abcde is Degraded: repair of node 2 (REPLACE) failed: LxdContainersFailed (lxc-start"
                        + " exited 1); the cluster serves on its other nodes, a person is needed");
    }

    @Test
    void aRepairThatReachesReadyEndsWithExitZero() {
        serve(Repairs.lines(Repairs.replaced()), 100);
        assertThat(follower(false, Format.table).follow("homelab-abcde", 11, Goal.SETTLED)).isEqualTo(Exit.OK);
        // the follow ends at Ready (DNS published again), before the provisioner's NodeRepaired
        assertThat(out.toString()).endsWith("+1:06:52  dns         dns: 7 name(s) published\n"
                + "cluster homelab-abcde is Ready again: node 2 replaced in 06:52\n");
    }

    @Test
    void aStreamThatNeverComesBackGivesUpWithExitFive() {
        stub.on(EVENTS, (HttpExchange ex) -> {
            ex.sendResponseHeaders(200, 0);
            ex.close();
        });
        try {
            follower(false, Format.table).follow("homelab-abcde", 0, Goal.READY);
            throw new AssertionError("expected to give up");
        } catch (io.kubelode.cli.CliException e) {
            assertThat(e.exitCode()).isEqualTo(Exit.UNAVAILABLE);
            assertThat(e.getMessage()).contains("could not resume it after " + Follower.MAX_RECONNECTS + " attempts");
        }
        assertThat(stub.seen).hasSize(Follower.MAX_RECONNECTS + 1);
    }

    @Test
    void onATerminalTheFrameIsRedrawnInPlace() {
        serve("ready", 100);
        assertThat(follower(true, Format.table).follow("homelab-abcde", 0, Goal.READY)).isZero();
        String text = out.toString();
        assertThat(text).startsWith("homelab-abcde  Pending  01:00\n");
        assertThat(text).contains("\033[11F\033[Jhomelab-abcde  Provisioning");
        String last = text.substring(text.lastIndexOf("\033[J") + 3);
        assertThat(last).startsWith("homelab-abcde  Ready  04:25\n  node 1   [####################] 6/6  done\n")
                .endsWith("  last: dns: 7 name(s) published\ncluster homelab-abcde is Ready after 04:25\n");
    }

    @Test
    void onATerminalAResumeIsShownInTheFrameNotBetweenFrames() {
        serve("ready", 4);
        assertThat(follower(true, Format.table).follow("homelab-abcde", 0, Goal.READY)).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).contains("  last: node 3: Linode 1003 homelab-abcde-3 at 127.0.10.3 provisioned\n"
                + "  event stream interrupted; resuming after event 3 in 10 ms\n");
        String last = out.toString().substring(out.toString().lastIndexOf("\033[J") + 3);
        assertThat(last).doesNotContain("interrupted").startsWith("homelab-abcde  Ready  04:25\n");
    }

    @Test
    void asJsonEachEventIsOneLineAndHistoryStopsAtTheKnownEnd() throws IOException {
        serve("ready", 100);
        assertThat(follower(false, Format.json).history("homelab-abcde", 4)).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).containsExactlyElementsOf(Recorded.lines("ready").subList(0, 5));
    }

    @Test
    void theGoalCountsOnlyFromTheArmedPosition() {
        serve("ready", 100);
        // as after a scale: the Ready at position 10 is history, the follower waits for what comes after it
        Follower f = follower(false, Format.table);
        assertThat(f.follow("homelab-abcde", 10, Goal.READY)).isZero();
        out.getBuffer().setLength(0);
        stub.seen.clear();
        serve("ready", 100);
        try {
            follower(false, Format.table).follow("homelab-abcde", 11, Goal.READY);
            throw new AssertionError("expected to wait for position 11 and give up");
        } catch (io.kubelode.cli.CliException e) {
            assertThat(e.exitCode()).isEqualTo(Exit.UNAVAILABLE);
        }
        assertThat(stub.seen.get(1).header("Last-Event-ID")).isEqualTo("10");
    }
}
