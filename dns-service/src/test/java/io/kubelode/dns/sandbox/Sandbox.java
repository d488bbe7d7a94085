package io.kubelode.dns.sandbox;

import io.kubelode.kafka.LocalKafka;
import io.kubelode.testkit.ServiceProcess;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** The sandbox (kubelode's stand-in for Linode) as its own process. */
public final class Sandbox implements AutoCloseable {
    public static final String TOKEN = "dns-it-token";
    private final ServiceProcess process;

    private Sandbox(ServiceProcess process) {
        this.process = process;
    }

    public static Sandbox start() {
        return new Sandbox(ServiceProcess.start("sandbox", Path.of("../sandbox"), Map.of(
                "kubelode.sandbox.tokens", TOKEN,
                "kubelode.sandbox.network.public-ipv4-range", "127.83.0.0/16",
                "kubelode.sandbox.network.ssh-port", String.valueOf(LocalKafka.freePort())),
                Path.of("target/sandbox-logs")));
    }

    /** The Linode API base URL, e.g. {@code http://127.0.0.1:port/v4}. */
    public String apiUrl() {
        return process.url("/v4").toString();
    }

    @Override
    public void close() {
        process.close();
    }
}
