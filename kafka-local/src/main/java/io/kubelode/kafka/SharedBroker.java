package io.kubelode.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One broker per test JVM (so once per module run), started on first use on free ports and
 * stopped when the JVM exits. Its data lives under {@code target/kafka-test-*}.
 */
public final class SharedBroker {
    private static LocalKafka broker;

    private SharedBroker() {
    }

    /** The JVM's broker, started if it is not running yet. */
    public static synchronized LocalKafka get() {
        if (broker == null) {
            try {
                Path target = Path.of("target");
                Files.createDirectories(target);
                Path dir = Files.createTempDirectory(target.toAbsolutePath(), "kafka-test-");
                broker = LocalKafka.start(dir);
                System.err.printf("kubelode: local Kafka broker at %s started in %d ms (data %s)%n",
                        broker.bootstrapServers(), broker.startTime().toMillis(), dir);
                LocalKafka started = broker;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kafka-local-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return broker;
    }
}
