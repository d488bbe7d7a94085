package io.kubelode.dns.provider.rfc2136;

import java.time.Duration;

/**
 * Where and how to send dynamic updates.
 *
 * @param host       the primary server's address
 * @param port       its DNS port
 * @param zone       the zone updates go to; every domain kubelode publishes must lie inside it
 * @param keyName    TSIG key name
 * @param algorithm  TSIG algorithm, e.g. {@code hmac-sha256}
 * @param secret     TSIG secret, base64; never printed ({@link #toString()} hides it)
 * @param timeout    per request
 */
public record Rfc2136Settings(String host, int port, String zone, String keyName, String algorithm, String secret,
                              Duration timeout) {

    @Override
    public String toString() {
        return "Rfc2136Settings[host=" + host + ", port=" + port + ", zone=" + zone + ", keyName=" + keyName
                + ", algorithm=" + algorithm + ", secret=<hidden>, timeout=" + timeout + "]";
    }
}
