package io.kubelode.dns;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the dns-service: round-robin A records for the domain and every app host. */
@ConfigMapping(prefix = "kubelode.dns")
public interface DnsConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/dns")
    String source();

    /** Which DNS service publishes the records: {@code linode} (DNS Manager) or {@code rfc2136} (self-hosted). */
    @WithDefault("linode")
    Provider provider();

    /** RFC 2136 dynamic updates signed with TSIG. */
    Rfc2136 rfc2136();

    /** Linode's DNS Manager (or the sandbox's). */
    Linode linode();

    /** Watching the nodes and withdrawing the addresses of those that stay down. */
    Health health();

    /** Retries of transient provider failures. */
    RetryConfig retry();

    /** The providers. */
    enum Provider {
        linode, rfc2136
    }

    interface Rfc2136 {
        /** Address of the primary DNS server that takes the updates. */
        @WithDefault("127.0.0.1")
        String server();

        /** Its DNS port. */
        @WithDefault("53")
        int port();

        /** The zone updates go to; every published domain must lie inside it. Required with this provider. */
        Optional<String> zone();

        /** TSIG key name, as in the server's {@code key "..."} statement. */
        @WithDefault("kubelode")
        String tsigKeyName();

        /** TSIG algorithm. */
        @WithDefault("hmac-sha256")
        String tsigAlgorithm();

        /** TSIG secret, base64: from the environment (KUBELODE_DNS_RFC2136_TSIG_SECRET), never a committed file. */
        Optional<String> tsigSecret();

        /** Timeout of one request. */
        @WithDefault("5s")
        Duration timeout();
    }

    interface Linode {
        /** Base URL of the Linode API v4 (the sandbox's in development). */
        @WithDefault("https://api.linode.com/v4")
        String url();

        /** Personal access token with domains:read_write: from LINODE_TOKEN, never a committed file. */
        Optional<String> token();

        /** SOA email of a domain kubelode creates (Linode requires one for a master zone). */
        @WithDefault("hostmaster@example.org")
        String soaEmail();

        /** Timeout of one request. */
        @WithDefault("10s")
        Duration timeout();
    }

    interface Health {
        /** Whether published clusters' nodes are watched at all. */
        @WithDefault("true")
        boolean enabled();

        /** Time between probe rounds of one cluster. */
        @WithDefault("10s")
        Duration interval();

        /** Bad rounds in a row before a node's address is withdrawn. */
        @WithDefault("3")
        int failuresToDown();

        /** Good rounds in a row before a withdrawn address is restored. */
        @WithDefault("2")
        int successesToUp();

        /** The ingress ports that must accept TCP connections. */
        @WithDefault("80,443")
        List<Integer> ports();

        /** Timeout of one TCP connect. */
        @WithDefault("2s")
        Duration connectTimeout();
    }

    interface RetryConfig {
        /** Attempts of one step before a transient failure counts as a failure. */
        @WithDefault("5")
        int attempts();

        /**
         * Attempts of a teardown (the compensation) before it gives up and its record goes to the
         * dead letter topic: with the back-off capped at {@link #cap()}, the default rides out a
         * ten-minute outage, since a teardown that gives up stops the whole backward chain.
         */
        @WithName("teardown-attempts")
        @WithDefault("30")
        int teardownAttempts();

        /** First back-off. */
        @WithDefault("500ms")
        Duration base();

        /** Longest back-off. */
        @WithDefault("30s")
        Duration cap();
    }
}
