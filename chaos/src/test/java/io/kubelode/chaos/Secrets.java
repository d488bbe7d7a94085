package io.kubelode.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.TopicHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** No secret on the bus: every record (value and headers) of every topic the broker holds. */
final class Secrets {
    private static final Pattern PRIVATE_KEY = Pattern.compile("PRIVATE KEY|PrivateKey\\s*=|\"privateKey\"\\s*:"
            + "|\"password\"\\s*:\\s*\"[^\"]|\"token\"\\s*:\\s*\"[^\"]");

    private Secrets() {
    }

    static void assertNoneOnTheBus(LocalStack stack) {
        List<String> topics;
        try (var admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.of("bootstrap.servers",
                stack.bootstrapServers()))) {
            topics = new ArrayList<>(admin.listTopics().names().get());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        topics.removeIf(t -> t.startsWith("__")); // the broker's own (offsets, transactions)
        var records = TopicHistory.read(stack.bootstrapServers(), topics);
        assertThat(records).isNotEmpty();
        for (var r : records) {
            String text = r.key() + " " + r.value() + " " + r.headers();
            for (String secret : stack.secrets()) {
                assertThat(text).as("a secret of the stack in %s@%d", r.topic(), r.offset()).doesNotContain(secret);
            }
            assertThat(PRIVATE_KEY.matcher(text).find()).as("key material or a password in %s@%d: %s", r.topic(),
                    r.offset(), text).isFalse();
        }
        System.err.printf("chaos: no secret in %d records of %d topics%n", records.size(), topics.size());
    }
}
