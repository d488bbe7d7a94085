package io.kubelode.dns.bind;

import io.kubelode.kafka.LocalKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Quarkus test resource: a real BIND 9 for zone {@value #ZONE}, the dns-service configured for it
 * with the rfc2136 provider, and fast health rounds against {@link #probePort()}.
 */
public class BindResource implements QuarkusTestResourceLifecycleManager {
    public static final String ZONE = "kubelode.test";
    private static BindServer bind;
    private static int probePort;

    @Override
    public Map<String, String> start() {
        bind = BindServer.start(Path.of("target"), ZONE, List.of("mail IN A 192.0.2.99"));
        probePort = LocalKafka.freePort();
        var s = bind.settings();
        return Map.ofEntries(
                Map.entry("kubelode.dns.provider", "rfc2136"),
                Map.entry("kubelode.dns.rfc2136.server", s.host()),
                Map.entry("kubelode.dns.rfc2136.port", Integer.toString(s.port())),
                Map.entry("kubelode.dns.rfc2136.zone", s.zone()),
                Map.entry("kubelode.dns.rfc2136.tsig-key-name", s.keyName()),
                Map.entry("kubelode.dns.rfc2136.tsig-secret", s.secret()),
                Map.entry("kubelode.dns.health.interval", "200ms"),
                Map.entry("kubelode.dns.health.failures-to-down", "3"),
                Map.entry("kubelode.dns.health.successes-to-up", "2"),
                Map.entry("kubelode.dns.health.ports", Integer.toString(probePort)),
                Map.entry("kubelode.dns.health.connect-timeout", "200ms"),
                Map.entry("kubelode.dns.retry.attempts", "2"),
                Map.entry("kubelode.dns.retry.base", "50ms"));
    }

    @Override
    public void stop() {
        if (bind != null) {
            bind.close();
        }
    }

    public static BindServer bind() {
        return bind;
    }

    public static int probePort() {
        return probePort;
    }
}
