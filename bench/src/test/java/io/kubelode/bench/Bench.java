package io.kubelode.bench;

import io.kubelode.events.EventType;
import io.kubelode.events.Topics;
import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.StackService;
import io.kubelode.testkit.stack.TopicHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's stack and its measurements. A stack is a {@link LocalStack} (real broker, the
 * sandbox and every service as its own process) with the sandbox's loopback range 127.80.0.0/16
 * (apart from the sandbox's and the chaos module's tests), rate limits out of the way, and, unless
 * a figure says otherwise, zero artificial delays: what remains is kubelode's own cost.
 */
final class Bench {
    static final String RANGE = System.getProperty("bench.range", "127.80.0.0/16");
    static final Path OUT = Path.of("target", "bench");
    static final Set<String> FAILED = Set.of("Failed", "RolledBack", "RollingBack", "Deleted", "Deleting");

    private Bench() {
    }

    /** A stack with zero sandbox delays; {@code extra} are further properties per service. */
    static LocalStack zeroDelayStack(Map<StackService, Map<String, String>> extra) {
        LocalStack.Builder b = LocalStack.builder()
                .ipv4Range(RANGE)
                .readyTimeout(Duration.ofSeconds(300))
                .workDir(Path.of("target", "stack-" + System.currentTimeMillis()))
                .prop(StackService.SANDBOX, "kubelode.sandbox.delays.provisioning", "0s")
                .prop(StackService.SANDBOX, "kubelode.sandbox.delays.boot", "0s")
                .prop(StackService.SANDBOX, "kubelode.sandbox.kube.ready-delay", "0s")
                // Linode's own limits are not what is measured: 100 clusters create 300 instances at once
                .prop(StackService.SANDBOX, "kubelode.sandbox.rate-limit.creates", "100000")
                .prop(StackService.SANDBOX, "kubelode.sandbox.rate-limit.create-window", "1s")
                .prop(StackService.SANDBOX, "kubelode.sandbox.rate-limit.requests", "1000000")
                .prop(StackService.SANDBOX, "kubelode.sandbox.rate-limit.window", "1s")
                .prop(StackService.PROVISIONER, "kubelode.provisioner.create-limit", "100000")
                .prop(StackService.PROVISIONER, "kubelode.provisioner.create-window", "1s")
                .prop(StackService.PROVISIONER, "kubelode.provisioner.request-limit", "1000000")
                .prop(StackService.PROVISIONER, "kubelode.provisioner.request-window", "1s");
        extra.forEach((s, props) -> props.forEach((k, v) -> b.prop(s, k, v)));
        LocalStack stack = b.start();
        preload(stack);
        return stack;
    }

    /**
     * Loads every class the measurement needs now: other engineers' builds re-install the testkit
     * and events jars while a benchmark runs, and a class first loaded from a jar rewritten under
     * the running JVM fails with NoClassDefFoundError at the end of a long run.
     */
    private static void preload(LocalStack stack) {
        history(stack);
        EventType.values();
        Stats.of(List.of(1L));
        Proc.loadAverage();
        spec("preload", 3);
        try {
            for (String c : List.of("io.kubelode.testkit.stack.TopicHistory$Entry", "io.kubelode.bench.Bench$Run")) {
                Class.forName(c);
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid spec of {@code nodes} nodes with the whole catalog, its own name and domain. */
    static String spec(String name, int nodes) {
        return """
                name: %s
                region: us-east
                nodeType: g6-standard-2
                image: linode/debian12
                nodes: %d
                domain: %s.bench.example.org
                apps: [web, blog, jupyterhub, kubeflow, nextcloud, gitea]
                sshKeys:
                  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlpvcg1lQVofvTVFCu4pK5kiC07l4/Ss3ZpxKBbYlZc me@home
                homePeer:
                  endpoint: home.dyll.in:51820
                  publicKey: xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=
                  lanCidr: 192.168.1.0/24
                  backupPort: 873
                kubernetesVersion: 1.36.1
                """.formatted(name, nodes, name);
    }

    /** A cluster request: its id and the wall-clock millisecond just before the POST. */
    record Run(String id, long postedAt) {}

    static Run post(LocalStack stack, String name, int nodes) {
        long t0 = System.currentTimeMillis();
        String id = stack.gateway().create(spec(name, nodes), null);
        return new Run(id, t0);
    }

    /**
     * Polls the gateway every {@code pollMs} until every run is Ready; fails on any failure phase
     * or after {@code timeout}. Returns id → the wall-clock ms the Ready phase was first seen.
     */
    static Map<String, Long> awaitReady(LocalStack stack, List<Run> runs, long pollMs, Duration timeout) {
        Map<String, Long> seen = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.size() < runs.size()) {
            for (Run r : runs) {
                if (seen.containsKey(r.id())) {
                    continue;
                }
                String phase = stack.gateway().phase(r.id());
                if ("Ready".equals(phase)) {
                    seen.put(r.id(), System.currentTimeMillis());
                } else if (FAILED.contains(phase)) {
                    throw new AssertionError("cluster " + r.id() + " went " + phase + ": "
                            + stack.gateway().cluster(r.id()).map(Object::toString).orElse("?"));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError((runs.size() - seen.size()) + " of " + runs.size()
                        + " clusters not Ready after " + timeout);
            }
            sleep(pollMs);
        }
        return seen;
    }

    /**
     * DELETEs every run's cluster at once and polls until each is Deleted; returns the wall time in
     * ms. Fails if one does not get there within {@code timeout}.
     */
    static long deleteAll(LocalStack stack, List<Run> runs, Duration timeout) {
        long t0 = System.currentTimeMillis();
        runs.parallelStream().forEach(r -> stack.gateway().delete(r.id()));
        Set<String> left = new java.util.HashSet<>(runs.stream().map(Run::id).toList());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!left.isEmpty()) {
            left.removeIf(id -> "Deleted".equals(stack.gateway().phase(id)));
            if (left.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(left.size() + " of " + runs.size() + " clusters not Deleted after " + timeout
                        + ", e.g. " + left.iterator().next());
            }
            sleep(runs.size() > 10 ? 500 : 50);
        }
        return System.currentTimeMillis() - t0;
    }

    /** Every record of every event topic. */
    static List<TopicHistory.Entry> history(LocalStack stack) {
        return TopicHistory.read(stack.bootstrapServers(), Topics.ALL);
    }

    /** The producer timestamp of the cluster's last dns.published record: when Ready became a fact on the bus. */
    static long readyStamp(List<TopicHistory.Entry> all, String id) {
        return all.stream().filter(e -> id.equals(e.key()) && EventType.DNS_PUBLISHED.type().equals(e.type()))
                .mapToLong(TopicHistory.Entry::timestamp).max()
                .orElseThrow(() -> new AssertionError("no dns.published for " + id));
    }

    /** Per layer (topic) of one cluster: ms from the POST to its first and last record. */
    static Map<String, long[]> layers(List<TopicHistory.Entry> all, Run run) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String topic : Topics.ALL) {
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (TopicHistory.Entry e : all) {
                if (topic.equals(e.topic()) && run.id().equals(e.key())) {
                    first = Math.min(first, e.timestamp());
                    last = Math.max(last, e.timestamp());
                }
            }
            if (first != Long.MAX_VALUE) {
                out.put(topic, new long[] {first - run.postedAt(), last - run.postedAt()});
            }
        }
        return out;
    }

    /**
     * Hop latencies of one cluster: for each pair of consecutive layers (gateway → provisioner →
     * lxc → network → k8s → apps → dns), the first record of the next layer minus the latest record
     * of the previous layer produced before it. Both are producer timestamps (CreateTime) of the
     * same machine's clock, so a hop is: broker delivery + the consumer's poll + the service's own
     * work up to its first output.
     */
    static Map<String, Long> hops(List<TopicHistory.Entry> all, String id) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < Topics.ALL.size(); i++) {
            String from = Topics.ALL.get(i);
            String to = Topics.ALL.get(i + 1);
            long next = all.stream().filter(e -> to.equals(e.topic()) && id.equals(e.key()))
                    .mapToLong(TopicHistory.Entry::timestamp).min().orElse(-1);
            if (next < 0) {
                continue;
            }
            long prev = all.stream().filter(e -> from.equals(e.topic()) && id.equals(e.key()) && e.timestamp() <= next)
                    .mapToLong(TopicHistory.Entry::timestamp).max().orElse(-1);
            if (prev >= 0) {
                out.put(short_(from) + "→" + short_(to), next - prev);
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern HANDLING = java.util.regex.Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}) .*: handling (\\S+) \\(([^)]+)\\)");
    private static final java.time.format.DateTimeFormatter LOG_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    /**
     * Consumption as a service itself reports it: for every {@code handling <type> (<ce id>)} line of
     * a service's log (the line a saga consumer writes when it takes a record, ms resolution, this
     * machine's clock and zone) whose record is one of {@code clusters}' on the bus, the line's time
     * minus the record's producer timestamp. Keyed {@code <service> ← <type>}.
     */
    static Map<String, List<Long>> loggedConsumption(LocalStack stack, List<TopicHistory.Entry> all,
                                                     Set<String> clusters) {
        Map<String, TopicHistory.Entry> byId = new java.util.HashMap<>();
        all.stream().filter(e -> e.id() != null && clusters.contains(e.key())).forEach(e -> byId.put(e.id(), e));
        Map<String, List<Long>> out = new java.util.TreeMap<>();
        for (StackService s : stack.services()) {
            try {
                for (String line : Files.readAllLines(stack.process(s).log())) {
                    var m = HANDLING.matcher(line);
                    if (!m.find()) {
                        continue;
                    }
                    TopicHistory.Entry e = byId.get(m.group(3));
                    if (e == null) {
                        continue;
                    }
                    long at = java.time.LocalDateTime.parse(m.group(1), LOG_TIME).atZone(java.time.ZoneId.systemDefault())
                            .toInstant().toEpochMilli();
                    out.computeIfAbsent(s.module() + " ← " + m.group(2), k -> new ArrayList<>()).add(at - e.timestamp());
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return out;
    }

    static String short_(String topic) {
        return topic.substring(topic.lastIndexOf('.') + 1);
    }

    /** The pid of every process of the stack, the broker included (the test JVM's other children are left out). */
    static Map<String, Long> pids(LocalStack stack) {
        Map<String, Long> out = new LinkedHashMap<>();
        Set<Long> services = new java.util.HashSet<>();
        for (StackService s : stack.services()) {
            out.put(s.module(), stack.process(s).pid());
            services.add(stack.process(s).pid());
        }
        // this stack's broker: its data directory is on its command line
        String brokerData = stack.workDir().resolve("kafka").toString();
        ProcessHandle.current().descendants()
                .filter(p -> !services.contains(p.pid()))
                .filter(p -> {
                    String cmd = cmdline(p.pid());
                    return cmd.contains("io.kubelode.kafka.BrokerMain") && cmd.contains(brokerData);
                })
                .findFirst().ifPresent(p -> out.put("kafka", p.pid()));
        return out;
    }

    /**
     * A process's whole command line, read from /proc: {@code ProcessHandle.Info} cuts long ones,
     * such as the broker's with its class path, so the broker was not found before.
     */
    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The seconds a service reported in Quarkus's "started in X s" line of its log (the last start). */
    static String startedIn(LocalStack stack, StackService s) {
        try {
            String last = null;
            for (String line : Files.readAllLines(stack.process(s).log())) {
                int i = line.indexOf("started in ");
                if (i >= 0) {
                    last = line.substring(i + "started in ".length()).split("s")[0];
                }
            }
            return last == null ? "?" : last;
        } catch (IOException e) {
            return "?";
        }
    }

    /** Appends a block of Markdown to {@code target/bench/<figure>.md} and echoes it to stderr. */
    static void report(String figure, String markdown) {
        try {
            Files.createDirectories(OUT);
            Files.writeString(OUT.resolve(figure + ".md"), markdown + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.err.println(markdown);
    }

    static String header(String figure) {
        return "\n### " + figure + " — " + Instant.now() + ", load average " + Proc.loadAverage() + "\n";
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Long> list(Iterable<Long> it) {
        List<Long> l = new ArrayList<>();
        it.forEach(l::add);
        return l;
    }
}
