package io.kubelode.sandbox.standin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real machines' ssh gate ({@code standin/ssh-gate}, sshd's ForceCommand), run by bash under a
 * process named {@code sshd} as sshd would run it, against a door on loopback that answers its fault
 * query as {@code MachineDoor} does: the script is asked for by its declared name only, and is failed,
 * slowed, dropped with its connection, or run.
 */
class SshGateTest {
    private static final String SURVIVED = "sshd went on after the gate";
    private static final String SCRIPT = "#!/usr/bin/env bash\n# kubelode: lxd-containers.sh\n# inputs: X\necho ran\n";

    @TempDir
    Path tmp;
    private HttpServer door;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void door() throws IOException {
        door = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        door.createContext("/faults/script", x -> {
            try (x) {
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                asked.add(body);
                byte[] answer = answers.getOrDefault(body, "run").getBytes(StandardCharsets.UTF_8);
                x.sendResponseHeaders(200, answer.length);
                x.getResponseBody().write(answer);
            }
        });
        door.start();
    }

    @AfterEach
    void stop() {
        door.stop(0);
    }

    @Test
    void aScriptWithNoFaultRunsAndOnlyItsNameIsAsked() throws Exception {
        Run r = gate(SCRIPT);
        assertThat(r.exit).isZero();
        assertThat(r.out).isEqualTo("ran\n");
        assertThat(r.sshdSurvived).isTrue();
        assertThat(asked).containsExactly("script=lxd-containers.sh");
    }

    @Test
    void aFailFaultFailsItWithoutRunningIt() throws Exception {
        answers.put("script=lxd-containers.sh", "exit=3\nlxd-containers.sh failed: injected");
        Run r = gate(SCRIPT);
        assertThat(r.exit).isEqualTo(3);
        assertThat(r.out).isEmpty();
        assertThat(r.err).isEqualTo("lxd-containers.sh failed: injected\n");
    }

    @Test
    void aSlowFaultRunsItAfterItsDelay() throws Exception {
        answers.put("script=lxd-containers.sh", "delay=1200");
        long start = System.nanoTime();
        Run r = gate(SCRIPT);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(1200);
        assertThat(r.exit).isZero();
        assertThat(r.out).isEqualTo("ran\n");
    }

    @Test
    void aDropFaultKillsTheConnectionsSshdWithoutRunningIt() throws Exception {
        answers.put("script=lxd-containers.sh", "drop");
        Run r = gate(SCRIPT);
        assertThat(r.exit).as("the process standing for sshd, killed").isEqualTo(128 + 9);
        assertThat(r.sshdSurvived).isFalse();
        assertThat(r.out).isEmpty();
    }

    private record Run(int exit, String out, String err, boolean sshdSurvived) {
    }

    /** The gate as sshd runs it: {@code SSH_ORIGINAL_COMMAND=bash -s}, the script on stdin, under "sshd". */
    private Run gate(String script) throws IOException, InterruptedException {
        Path gate = tmp.resolve("ssh-gate");
        try (InputStream in = SshGateTest.class.getResourceAsStream("/standin/ssh-gate")) {
            Files.writeString(gate, new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@DOOR_HOST@", "127.0.0.1").replace("@DOOR_PORT@", Integer.toString(door.getAddress().getPort())));
        }
        // a bash whose process name is sshd: the drop fault looks for the connection's sshd among its ancestors
        Path sshd = tmp.resolve("sshd");
        Files.copy(Path.of("/bin/bash"), sshd);
        sshd.toFile().setExecutable(true);
        ProcessBuilder pb = new ProcessBuilder(sshd.toString(), "-c",
                "bash \"$0\"; rc=$?; echo " + SURVIVED + " >&2; exit $rc", gate.toString());
        pb.environment().put("SSH_ORIGINAL_COMMAND", "bash -s");
        Process p = pb.start();
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(script.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.exitValue(), out, err.replace(SURVIVED + "\n", ""), err.contains(SURVIVED));
    }
}
