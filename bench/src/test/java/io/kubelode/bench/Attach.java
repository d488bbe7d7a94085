package io.kubelode.bench;

import io.kubelode.events.EventType;
import io.kubelode.events.Topics;
import io.kubelode.testkit.stack.TopicHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code -Dbench.figure=attach}: the figures 2/4/5 of a stack that is still running (a load run
 * that cannot finish in the time there is), read from its broker ({@code -Dbench.bootstrap}) and
 * its processes ({@code -Dbench.workdir}, the stack's work directory). A cluster's POST time is
 * the timestamp of its {@code cluster.requested} record (the gateway publishes it before answering
 * the POST, so it is a few ms after the POST).
 */
final class Attach {
    private Attach() {
    }

    static void run() throws IOException {
        String bootstrap = System.getProperty("bench.bootstrap");
        String workDir = System.getProperty("bench.workdir");
        String prefix = System.getProperty("bench.prefix", "load");
        List<TopicHistory.Entry> h = TopicHistory.read(bootstrap, Topics.ALL);
        Map<String, Long> requested = new LinkedHashMap<>();
        Map<String, Long> ready = new LinkedHashMap<>();
        for (TopicHistory.Entry e : h) {
            if (e.key() == null || !e.key().startsWith(prefix)) {
                continue;
            }
            if (EventType.CLUSTER_REQUESTED.type().equals(e.type())) {
                requested.merge(e.key(), e.timestamp(), Math::min);
            } else if (EventType.DNS_PUBLISHED.type().equals(e.type())) {
                ready.merge(e.key(), e.timestamp(), Math::max);
            }
        }
        long failed = h.stream().filter(e -> e.key() != null && e.key().startsWith(prefix) && e.type() != null
                && e.type().contains("failed")).count();
        long now = System.currentTimeMillis();
        long first = requested.values().stream().mapToLong(Long::longValue).min().orElse(now);
        List<Long> perCluster = new ArrayList<>();
        Map<String, List<Long>> hops = new LinkedHashMap<>();
        Map<String, Integer> reached = new TreeMap<>();
        for (String id : requested.keySet()) {
            if (ready.containsKey(id)) {
                perCluster.add(ready.get(id) - requested.get(id));
            }
            Bench.hops(h, id).forEach((k, v) -> hops.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            for (String t : Topics.ALL) {
                if (h.stream().anyMatch(e -> t.equals(e.topic()) && id.equals(e.key()))) {
                    reached.merge(Bench.short_(t), 1, Integer::sum);
                }
            }
        }
        StringBuilder md = new StringBuilder(Bench.header("load (attached to the running stack " + workDir + ")"));
        md.append(requested.size()).append(" clusters requested, ").append(ready.size()).append(" Ready ")
                .append((now - first) / 1000).append(" s after the first request; failure events: ").append(failed)
                .append(". Clusters that reached each layer: ").append(reached).append("\n\n");
        if (!perCluster.isEmpty()) {
            Stats s = Stats.of(perCluster);
            md.append("POST → Ready of the Ready ones: p50 ").append(s.p50()).append(" ms, p99 ").append(s.p99())
                    .append(" ms, min ").append(s.min()).append(", max ").append(s.max()).append(" (n=").append(s.n())
                    .append(")\n\n");
        }
        md.append("| hop | n | p50 (ms) | p99 (ms) | min | max |\n|---|---|---|---|---|---|\n");
        hops.forEach((k, v) -> {
            Stats s = Stats.of(v);
            md.append("| ").append(k).append(" | ").append(s.n()).append(" | ").append(s.p50()).append(" | ")
                    .append(s.p99()).append(" | ").append(s.min()).append(" | ").append(s.max()).append(" |\n");
        });
        md.append("\n| process | RSS now (MiB) | VmHWM (MiB) | CPU so far (s) |\n|---|---|---|---|\n");
        long rss = 0;
        long cpu = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cmd;
                try {
                    cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                } catch (IOException e) {
                    continue;
                }
                if (!cmd.contains(workDir) || cmd.contains("surefire") || cmd.contains("failsafe")) {
                    continue;
                }
                long pid = Long.parseLong(p.getFileName().toString());
                String name = cmd.contains("BrokerMain") || cmd.contains("kafka") && !cmd.contains("quarkus-run")
                        ? "kafka" : cmd.replaceAll(".*/apps/([^/]+)/quarkus-run.jar.*", "$1");
                rss += Math.max(0, Proc.rssKb(pid));
                cpu += Math.max(0, Proc.cpuMs(pid));
                md.append("| ").append(name).append(" | ").append(Proc.rssKb(pid) / 1024).append(" | ")
                        .append(Proc.hwmKb(pid) / 1024).append(" | ").append(Proc.cpuMs(pid) / 1000.0).append(" |\n");
            }
        }
        md.append("| **all** | ").append(rss / 1024).append(" | | ").append(cpu / 1000.0).append(" |\n");
        Bench.report("attach", md.toString());
    }
}
