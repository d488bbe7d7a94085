package io.kubelode.sandbox.standin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-ins' {@code door} (standin/common.sh), run by bash against a door on loopback: a call that
 * never connected is made again, one that reached the sandbox never is (its request may have acted).
 */
class DoorCallTest {
    @TempDir
    Path tmp;

    @Test
    void aCallThatNeverConnectedIsMadeAgainUntilTheDoorListens() throws Exception {
        int port = freePort();
        AtomicInteger calls = new AtomicInteger();
        Process door = door(port, "/kube/init");
        // nothing listens for the first attempt(s): refused, so no request was sent
        Thread.sleep(1500);
        HttpServer server = server(port, 200, "api-at-10.0.0.1", calls);
        try {
            Run r = finish(door);
            assertThat(r.exit).as("stderr: %s", r.err).isZero();
            assertThat(r.out).isEqualTo("api-at-10.0.0.1\n");
            assertThat(r.err).contains("no connection to the sandbox at http://127.0.0.1:" + port, "(attempt 1");
            assertThat(calls).hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aCallThatReachedTheDoorIsNotMadeAgainAndItsAnswerIsTheError() throws Exception {
        int port = freePort();
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = server(port, 500, "the cluster has no such node", calls);
        try {
            Run r = finish(door(port, "/kube/join"));
            assertThat(r.exit).isEqualTo(1);
            assertThat(r.err).isEqualTo("the cluster has no such node\n");
            assertThat(calls).hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDoorThatNeverListensFailsNamingItAfterFourAttempts() throws Exception {
        int port = freePort();
        Run r = finish(door(port, "/kube/reset"));
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("the sandbox at http://127.0.0.1:" + port + " did not answer (curl exit 7 after 4 attempts;",
                "route: local 127.0.0.1");
    }

    private record Run(int exit, String out, String err) {
    }

    /** The door call's end: its exit status and both streams (four attempts take some 40 s at most). */
    private static Run finish(Process door) throws IOException, InterruptedException {
        assertThat(door.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(door.exitValue(), read(door.getInputStream()), read(door.getErrorStream()));
    }

    private Process door(int port, String path) throws IOException {
        Path doorFile = tmp.resolve("door");
        Files.writeString(doorFile, "http://127.0.0.1:" + port + "\n");
        Path common = tmp.resolve("common.sh");
        try (InputStream in = DoorCallTest.class.getResourceAsStream("/standin/common.sh")) {
            Files.write(common, in.readAllBytes());
        }
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c",
                "set -euo pipefail; source \"$1\"; door \"$2\" --data-urlencode node=n1", "door", common.toString(), path));
        pb.environment().put("KUBELODE_DOOR_FILE", doorFile.toString());
        return pb.start();
    }

    private static HttpServer server(int port, int status, String answer, AtomicInteger calls) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
        server.createContext("/kube/", x -> {
            try (x) {
                calls.incrementAndGet();
                x.getRequestBody().readAllBytes();
                byte[] body = (answer + "\n").getBytes(StandardCharsets.UTF_8);
                x.sendResponseHeaders(status, body.length);
                x.getResponseBody().write(body);
            }
        });
        server.start();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
