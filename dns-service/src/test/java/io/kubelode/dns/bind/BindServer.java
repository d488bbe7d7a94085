package io.kubelode.dns.bind;

import static org.awaitility.Awaitility.await;

import io.kubelode.dns.provider.rfc2136.Rfc2136Settings;
import io.kubelode.kafka.LocalKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A real BIND 9 ({@code /usr/sbin/named} from Debian's bind9) as a child process on a free
 * loopback port, serving one primary zone that takes updates and transfers signed with a TSIG key
 * the test generated. Queried with plain (unsigned, uncached) DNS queries, as a resolver would.
 */
public final class BindServer implements AutoCloseable {
    public static final String NAMED = "/usr/sbin/named";
    public static final String KEY_NAME = "kubelode-test-key";

    private final Process process;
    private final Path dir;
    private final int port;
    private final String zone;
    private final String secret;

    private BindServer(Process process, Path dir, int port, String zone, String secret) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.zone = zone;
        this.secret = secret;
    }

    /**
     * Starts named for {@code zone}, with {@code extraRecords} (zone-file lines relative to the
     * apex) beside the SOA and NS, and waits until it answers.
     */
    public static BindServer start(Path parent, String zone, List<String> extraRecords) {
        if (!Files.isExecutable(Path.of(NAMED))) {
            throw new IllegalStateException(NAMED + " is missing: install Debian's bind9 package");
        }
        try {
            Files.createDirectories(parent);
            Path dir = Files.createTempDirectory(parent.toAbsolutePath(), "bind-");
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String secret = Base64.getEncoder().encodeToString(key);
            int port = LocalKafka.freePort();
            Files.writeString(dir.resolve("named.conf"), config(dir, port, zone, secret));
            StringBuilder zoneFile = new StringBuilder("$TTL 300\n@ IN SOA ns1." + zone + ". hostmaster." + zone
                    + ". 1 60 60 600 30\n@ IN NS ns1." + zone + ".\nns1 IN A 127.0.0.1\n");
            extraRecords.forEach(r -> zoneFile.append(r).append('\n'));
            Files.writeString(dir.resolve("zone.db"), zoneFile.toString());
            // -g: foreground, log to stderr; -n 1: one worker thread, the machine is shared
            Process p = new ProcessBuilder(NAMED, "-g", "-4", "-n", "1", "-c", dir.resolve("named.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("named.log").toFile()).start();
            BindServer server = new BindServer(p, dir, port, zone, secret);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("named exited: " + Files.readString(dir.resolve("named.log")));
                }
                return server.answers();
            });
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String config(Path dir, int port, String zone, String secret) {
        return """
                key "%s" { algorithm hmac-sha256; secret "%s"; };
                controls { };
                options {
                    directory "%s";
                    pid-file "%s/named.pid";
                    session-keyfile "%s/session.key";
                    listen-on port %d { 127.0.0.1; };
                    listen-on-v6 { none; };
                    recursion no;
                    dnssec-validation no;
                    notify no;
                };
                zone "%s" {
                    type primary;
                    file "%s/zone.db";
                    allow-update { key "%s"; };
                    allow-transfer { key "%s"; };
                };
                """.formatted(KEY_NAME, secret, dir, dir, dir, port, zone, dir, KEY_NAME, KEY_NAME);
    }

    /** Settings for the provider under test (secret included: it is the test's own key). */
    public Rfc2136Settings settings() {
        return new Rfc2136Settings("127.0.0.1", port, zone, KEY_NAME, "hmac-sha256", secret, Duration.ofSeconds(5));
    }

    /** Settings with a key the server does not know. */
    public Rfc2136Settings settingsWithWrongSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new Rfc2136Settings("127.0.0.1", port, zone, KEY_NAME, "hmac-sha256",
                Base64.getEncoder().encodeToString(key), Duration.ofSeconds(5));
    }

    public int port() {
        return port;
    }

    public String zone() {
        return zone;
    }

    private boolean answers() {
        try {
            return query(zone, Type.SOA).getRcode() == Rcode.NOERROR;
        } catch (IOException e) {
            return false;
        }
    }

    /** A plain query, as a resolver sends it. */
    public Message query(String name, int type) throws IOException {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
        r.setTimeout(Duration.ofSeconds(2));
        return r.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
    }

    /** The addresses {@code name} answers with (empty for NXDOMAIN or no A records). */
    public Set<String> addresses(String name) {
        try {
            Set<String> out = new TreeSet<>();
            for (Record r : query(name, Type.A).getSection(Section.ANSWER)) {
                if (r instanceof ARecord a) {
                    out.add(a.getAddress().getHostAddress());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The TTL of {@code name}'s A records as answered, or -1. */
    public long ttl(String name) {
        try {
            return query(name, Type.A).getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.A)
                    .mapToLong(Record::getTTL).findFirst().orElse(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The TXT strings at {@code name}. */
    public Set<String> txt(String name) {
        try {
            Set<String> out = new TreeSet<>();
            for (Record r : query(name, Type.TXT).getSection(Section.ANSWER)) {
                if (r instanceof TXTRecord t) {
                    out.add(String.join("", t.getStrings()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The response code for {@code name}'s A query. */
    public int rcode(String name) {
        try {
            return query(name, Type.A).getRcode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path log() {
        return dir.resolve("named.log");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
