package io.kubelode.kafka;

import io.kubelode.events.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Runs inside the broker's own JVM (classpath: {@code broker.classpath}): formats the KRaft
 * storage once, starts one combined broker+controller, creates kubelode's topics, prints
 * {@value #READY} and serves until stopped. With {@code --exit-on-stdin-eof} it stops when its
 * parent goes away, even after a {@code kill -9} of the parent, so tests never leak a broker.
 *
 * <p>Arguments: {@code --data DIR --port N [--controller-port M] [--exit-on-stdin-eof]}.
 */
public final class BrokerMain {
    /** Printed on standard output, followed by the bootstrap servers, once topics exist. */
    public static final String READY = "KUBELODE-KAFKA-READY";

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Args.parse(args);
        Path data = Path.of(opts.getOrDefault("data", ".kubelode/kafka")).toAbsolutePath();
        int port = Integer.parseInt(opts.getOrDefault("port", "9092"));
        int controllerPort = Integer.parseInt(opts.getOrDefault("controller-port", String.valueOf(port + 1)));
        Files.createDirectories(data);
        // before the first Kafka class is touched, so log4j reads our configuration
        System.setProperty("log4j2.configurationFile", writeLogConfig(data).toString());

        Path config = writeServerConfig(data, port, controllerPort);
        format(data, config);
        var server = new kafka.server.KafkaRaftServer(
                kafka.server.KafkaConfig.fromProps(load(config), false),
                org.apache.kafka.common.utils.Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "broker-shutdown"));
        server.startup();
        String bootstrap = "127.0.0.1:" + port;
        createTopics(bootstrap);
        System.out.println(READY + " " + bootstrap);
        System.out.flush();
        if (opts.containsKey("exit-on-stdin-eof")) {
            drain(System.in);
            System.exit(0);
        }
        server.awaitShutdown();
    }

    /** Formats the storage on first use only; a restart serves the data already there. */
    private static void format(Path data, Path config) throws IOException {
        if (Files.exists(data.resolve("logs").resolve("meta.properties"))) {
            return;
        }
        int formatted = kafka.tools.StorageTool.execute(new String[] {"format", "--config", config.toString(),
            "--cluster-id", org.apache.kafka.common.Uuid.randomUuid().toString(), "--standalone"},
            new PrintStream(Files.newOutputStream(data.resolve("format.out"))));
        if (formatted != 0) {
            throw new IllegalStateException("formatting " + data + " failed; see format.out there");
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // the parent never writes; EOF means it is gone
        }
    }

    static void createTopics(String bootstrap) throws InterruptedException, ExecutionException {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", bootstrap))) {
            var existing = admin.listTopics().names().get();
            // event history is the gateway's read model: keep it (retention -1)
            List<org.apache.kafka.clients.admin.NewTopic> missing = Topics.ALL.stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new org.apache.kafka.clients.admin.NewTopic(t, Topics.PARTITIONS, (short) 1)
                            .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1")))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        }
    }

    private static Path writeServerConfig(Path data, int port, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", data.resolve("logs").toString());
        p.setProperty("num.partitions", String.valueOf(Topics.PARTITIONS));
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "6");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "6");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        Path file = data.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "written by kubelode's kafka-local");
        }
        return file;
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    private static Path writeLogConfig(Path data) throws IOException {
        Path file = data.resolve("log4j2.xml");
        Files.writeString(file, """
                <Configuration status="warn">
                  <Appenders>
                    <File name="file" fileName="%s"><PatternLayout pattern="%%d %%p [%%c{1}] %%m%%n"/></File>
                  </Appenders>
                  <Loggers>
                    <Logger name="kafka" level="info"/>
                    <Logger name="org.apache.kafka" level="warn"/>
                    <Root level="warn"><AppenderRef ref="file"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(data.resolve("broker.log")));
        return file;
    }
}
