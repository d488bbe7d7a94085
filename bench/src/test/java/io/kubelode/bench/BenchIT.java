package io.kubelode.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.testkit.stack.LocalStack;
import io.kubelode.testkit.stack.StackService;
import io.kubelode.testkit.stack.TopicHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The figures of BENCHMARKS.md, one per {@code -Dbench.figure}: {@code overhead}, {@code load}
 * (concurrency, hop latency and footprint from one run), {@code scale}, {@code realistic}. Each
 * starts its own stack and appends its tables to {@code target/bench/<figure>.md}. Knobs:
 * {@code bench.runs} (measured runs, default 7; 1 for realistic), {@code bench.clusters} (default 100),
 * {@code bench.sizes} (default 3,10,30,100), {@code bench.history} (clusters of history for
 * {@code history}, default 500).
 */
class BenchIT {
    private static final String FIGURE = System.getProperty("bench.figure", "overhead");
    private static final int RUNS = Integer.getInteger("bench.runs", 7);

    @Test
    void figure() throws Exception {
        switch (FIGURE) {
            case "overhead" -> overhead();
            case "load", "concurrency", "hops", "footprint" -> load();
            case "scale" -> scale();
            case "realistic" -> realistic();
            case "history" -> history();
            case "attach" -> Attach.run();
            default -> throw new IllegalArgumentException("unknown bench.figure " + FIGURE);
        }
    }

    /** Figure 1: POST → Ready of one 3-node cluster, one warm-up run, then RUNS runs one after another. */
    private void overhead() {
        try (LocalStack stack = Bench.zeroDelayStack(Map.of())) {
            List<Bench.Run> runs = new ArrayList<>();
            Map<String, Long> polled = new LinkedHashMap<>();
            for (int i = 0; i <= RUNS; i++) {
                Bench.Run r = Bench.post(stack, "ovh" + i, 3);
                polled.putAll(Bench.awaitReady(stack, List.of(r), 10, Duration.ofMinutes(3)));
                runs.add(r);
            }
            List<TopicHistory.Entry> h = Bench.history(stack);
            StringBuilder md = new StringBuilder(Bench.header("overhead"));
            md.append("| run | POST → Ready on the bus (ms) | seen by polling (ms) |");
            for (String t : io.kubelode.events.Topics.ALL) {
                md.append(' ').append(Bench.short_(t)).append(" last (ms) |");
            }
            md.append("\n|---|---|---|").append("---|".repeat(7)).append('\n');
            List<Long> bus = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                Bench.Run r = runs.get(i);
                long b = Bench.readyStamp(h, r.id()) - r.postedAt();
                if (i > 0) {
                    bus.add(b);
                }
                md.append("| ").append(i == 0 ? "warm-up" : String.valueOf(i)).append(" | ").append(b)
                        .append(" | ").append(polled.get(r.id()) - r.postedAt()).append(" |");
                Bench.layers(h, r).values().forEach(v -> md.append(' ').append(v[1]).append(" |"));
                md.append('\n');
            }
            Stats s = Stats.of(bus);
            md.append("\n**median (min–max) of ").append(s.n()).append(" runs: ").append(s.medianMinMax())
                    .append(" ms**; load average after: ").append(Proc.loadAverage()).append('\n');
            Bench.report("overhead", md.toString());
            assertThat(s.n()).isEqualTo(RUNS);
        }
    }

    /**
     * Figures 2, 4, 5: {@code bench.clusters} 3-node clusters posted at once, {@code bench.rounds}
     * times one after another (default 1; with more than one, the first round is a warm-up that is
     * not counted): wall time and per-cluster POST → Ready per round, CPU, memory, hop latency
     * (delivery measured by {@link HopProbe}, output-to-output from the bus) and footprint idle,
     * idle after the warm-up and under load.
     */
    private void load() throws Exception {
        int clusters = Integer.getInteger("bench.clusters", 100);
        int rounds = Integer.getInteger("bench.rounds", 1);
        try (LocalStack stack = Bench.zeroDelayStack(Map.of());
             HopProbe probe = new HopProbe(stack.bootstrapServers())) {
            Map<String, Long> pids = Bench.pids(stack);
            StringBuilder md = new StringBuilder(Bench.header("load: " + clusters + " clusters of 3 nodes at once, "
                    + rounds + " round(s)" + (rounds > 1 ? ", the first a warm-up" : "")));
            Map<String, Long> idleRss = new LinkedHashMap<>();
            pids.forEach((n, p) -> idleRss.put(n, Proc.rssKb(p)));
            Map<String, Long> warmRss = new LinkedHashMap<>(idleRss);
            Map<String, Long> cpu0 = new LinkedHashMap<>();
            // CPU ms of each process over the measured rounds, POST to Ready (not the deletions)
            Map<String, Long> cpu = new LinkedHashMap<>();
            Map<String, Long> peak = new TreeMap<>();
            long[] peakSum = {0};
            AtomicBoolean sampling = new AtomicBoolean(false);
            AtomicBoolean stop = new AtomicBoolean(false);
            Thread sampler = new Thread(() -> {
                while (!stop.get()) {
                    if (sampling.get()) {
                        long sum = 0;
                        for (var e : pids.entrySet()) {
                            long rss = Proc.rssKb(e.getValue());
                            sum += Math.max(0, rss);
                            peak.merge(e.getKey(), rss, Math::max);
                        }
                        peakSum[0] = Math.max(peakSum[0], sum);
                    }
                    Bench.sleep(200);
                }
            }, "bench-rss");
            sampler.start();

            md.append("| round | wall time first POST → last Ready (ms) | per cluster p50 (ms) | p99 | min | max | ")
                    .append("load average after | then all deleted in (ms) |\n|---|---|---|---|---|---|---|---|\n");
            List<Long> walls = new ArrayList<>();
            List<Long> perCluster = new ArrayList<>();
            Map<String, List<Long>> hops = new LinkedHashMap<>();
            java.util.Set<String> measured = new java.util.HashSet<>();
            for (int round = 0; round < rounds; round++) {
                boolean warmUp = rounds > 1 && round == 0;
                if (!warmUp && cpu0.isEmpty()) {
                    pids.forEach((n, p) -> warmRss.put(n, Proc.rssKb(p)));
                }
                if (!warmUp) {
                    pids.forEach((n, p) -> cpu0.put(n, Proc.cpuMs(p)));
                    sampling.set(true);
                }
                long w0 = System.currentTimeMillis();
                ExecutorService pool = Executors.newFixedThreadPool(16);
                List<Future<Bench.Run>> posts = new ArrayList<>();
                for (int i = 0; i < clusters; i++) {
                    String name = "load" + round + "x" + i;
                    posts.add(pool.submit(() -> Bench.post(stack, name, 3)));
                }
                List<Bench.Run> runs = new ArrayList<>();
                for (Future<Bench.Run> f : posts) {
                    runs.add(f.get());
                }
                pool.shutdown();
                Bench.awaitReady(stack, runs, clusters > 10 ? 500 : 50, Duration.ofMinutes(30));
                List<TopicHistory.Entry> h = Bench.history(stack);
                List<Long> these = new ArrayList<>();
                long lastReady = 0;
                for (Bench.Run r : runs) {
                    long ready = Bench.readyStamp(h, r.id());
                    lastReady = Math.max(lastReady, ready);
                    these.add(ready - r.postedAt());
                    if (!warmUp) {
                        measured.add(r.id());
                        Bench.hops(h, r.id()).forEach((k, v) -> hops.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                    }
                }
                Stats pc = Stats.of(these);
                String load = Proc.loadAverage();
                sampling.set(false);
                if (!warmUp) {
                    pids.forEach((n, p) -> cpu.merge(n, Proc.cpuMs(p) - cpu0.get(n), Long::sum));
                }
                // every round starts from the same state, as a user's would: without the previous
                // rounds' clusters (300 more instances, SSH servers and mock APIs each in the sandbox)
                long teardown = Bench.deleteAll(stack, runs, Duration.ofMinutes(15));
                md.append("| ").append(warmUp ? "warm-up" : String.valueOf(round)).append(" | ").append(lastReady - w0)
                        .append(" | ").append(pc.p50()).append(" | ").append(pc.p99()).append(" | ").append(pc.min())
                        .append(" | ").append(pc.max()).append(" | ").append(load).append(" | ").append(teardown)
                        .append(" |\n");
                if (!warmUp) {
                    walls.add(lastReady - w0);
                    perCluster.addAll(these);
                }
            }
            stop.set(true);
            sampler.join();
            Stats wall = Stats.of(walls);
            Stats pc = Stats.of(perCluster);
            long cpuTotal = cpu.values().stream().mapToLong(Long::longValue).sum();
            md.append("\n**Figure 2 — concurrency.** ").append(clusters).append(" clusters at once, ").append(walls.size())
                    .append(" measured round(s), every cluster Ready, none failed. Wall time first POST → last Ready: **")
                    .append(wall.medianMinMax()).append(" ms** (median (min–max) of rounds); per cluster POST → Ready ")
                    .append("over all measured rounds p50 **").append(pc.p50()).append(" ms**, p99 **").append(pc.p99())
                    .append(" ms** (min ").append(pc.min()).append(", max ").append(pc.max()).append("); CPU of all ")
                    .append("processes during the measured rounds (POST → Ready, deletions not counted) **").append(cpuTotal / 1000.0)
                    .append(" s**; peak resident memory of all processes (sum, sampled every 200 ms) **")
                    .append(peakSum[0] / 1024).append(" MiB**. Load average after: ").append(Proc.loadAverage())
                    .append("\n\n");

            md.append("**Figure 4 — hop latency.** Delivery: the record's producer timestamp → handed to a ")
                    .append("consumer's poll (HopProbe: a consumer of every topic with the services' fetch settings), ")
                    .append("records of the measured clusters, per topic:\n\n")
                    .append("| records of topic (consumed by the next layer) | n | p50 (ms) | p99 (ms) | min | max |\n")
                    .append("|---|---|---|---|---|---|\n");
            probe.delivery(measured).forEach((t, v) -> {
                if (!v.isEmpty()) {
                    Stats st = Stats.of(v);
                    md.append("| ").append(Bench.short_(t)).append(" | ").append(st.n()).append(" | ").append(st.p50())
                            .append(" | ").append(st.p99()).append(" | ").append(st.min()).append(" | ")
                            .append(st.max()).append(" |\n");
                }
            });
            List<TopicHistory.Entry> all = Bench.history(stack);
            Map<String, List<Long>> logged = Bench.loggedConsumption(stack, all, measured);
            md.append("\nConsumption as the service logs it (its saga consumer's `handling <type> (<id>)` line, ms ")
                    .append("resolution, minus the record's producer timestamp; only the services that write that ")
                    .append("line):\n\n| service ← record type | n | p50 (ms) | p99 (ms) | min | max |\n")
                    .append("|---|---|---|---|---|---|\n");
            if (logged.isEmpty()) {
                md.append("| (no service wrote a handling line for these clusters) | | | | | |\n");
            }
            logged.forEach((k, v) -> {
                Stats st = Stats.of(v);
                md.append("| ").append(k).append(" | ").append(st.n()).append(" | ").append(st.p50()).append(" | ")
                        .append(st.p99()).append(" | ").append(st.min()).append(" | ").append(st.max()).append(" |\n");
            });
            md.append("\nOutput to output (next layer's first record − previous layer's latest record before it, ")
                    .append("producer timestamps, per cluster: delivery + the next service's work up to its first ")
                    .append("output):\n\n| hop | n | p50 (ms) | p99 (ms) | min | max |\n|---|---|---|---|---|---|\n");
            hops.forEach((k, v) -> {
                Stats st = Stats.of(v);
                md.append("| ").append(k).append(" | ").append(st.n()).append(" | ").append(st.p50()).append(" | ")
                        .append(st.p99()).append(" | ").append(st.min()).append(" | ").append(st.max()).append(" |\n");
            });

            md.append("\n**Figure 5 — footprint** (start = Quarkus's own \"started in\", all eight started at once ")
                    .append("with the broker; RSS from /proc/<pid>/status; idle = just started; warm idle = after ")
                    .append("the warm-up round, before the measured ones):\n\n")
                    .append("| process | started in (s) | RSS idle (MiB) | RSS warm idle (MiB) | peak RSS under load ")
                    .append("(MiB, sampled) | VmHWM (MiB) | CPU during measured rounds (s) |\n")
                    .append("|---|---|---|---|---|---|---|\n");
            long[] sums = new long[4];
            for (var e : pids.entrySet()) {
                String n = e.getKey();
                String started = "kafka".equals(n) ? "–" : Bench.startedIn(stack, stackService(n));
                long hwm = Proc.hwmKb(e.getValue());
                md.append("| ").append(n).append(" | ").append(started).append(" | ")
                        .append(idleRss.get(n) / 1024).append(" | ").append(warmRss.get(n) / 1024).append(" | ")
                        .append(peak.getOrDefault(n, 0L) / 1024).append(" | ").append(hwm / 1024).append(" | ")
                        .append(cpu.get(n) / 1000.0).append(" |\n");
                sums[0] += idleRss.get(n);
                sums[1] += warmRss.get(n);
                sums[2] += peak.getOrDefault(n, 0L);
                sums[3] += hwm;
            }
            md.append("| **all** | | ").append(sums[0] / 1024).append(" | ").append(sums[1] / 1024).append(" | ")
                    .append(sums[2] / 1024).append(" (sum of peaks; simultaneous peak ").append(peakSum[0] / 1024)
                    .append(") | ").append(sums[3] / 1024).append(" | ").append(cpuTotal / 1000.0).append(" |\n");
            Bench.report("load", md.toString());
            assertThat(perCluster).hasSize(clusters * walls.size());
        }
    }

    private static StackService stackService(String module) {
        for (StackService s : StackService.values()) {
            if (s.module().equals(module)) {
                return s;
            }
        }
        throw new IllegalArgumentException(module);
    }

    /**
     * Figure 3: one cluster of each size, RUNS times each (sizes one after another, on one stack).
     * Each size's row is written as soon as its runs are done, so a long run cut short keeps the rows
     * it finished.
     */
    private void scale() {
        String sizes = System.getProperty("bench.sizes", "3,10,30,100");
        try (LocalStack stack = Bench.zeroDelayStack(Map.of())) {
            // warm-up: a first cluster pays for class loading and JIT in every service
            Bench.Run w = Bench.post(stack, "scalew", 3);
            Bench.awaitReady(stack, List.of(w), 20, Duration.ofMinutes(3));
            Bench.report("scale", Bench.header("scale") + "| nodes | runs | POST → Ready median (ms) | min | max | "
                    + "ms per node (median / nodes) | each run (ms) | load average after |\n|---|---|---|---|---|---|---|---|");
            for (String n : sizes.split(",")) {
                int nodes = Integer.parseInt(n.trim());
                List<Bench.Run> runs = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) {
                    Bench.Run r = Bench.post(stack, "scale" + nodes + "x" + i, nodes);
                    Bench.awaitReady(stack, List.of(r), 20, Duration.ofMinutes(15));
                    runs.add(r);
                }
                List<TopicHistory.Entry> h = Bench.history(stack);
                List<Long> times = runs.stream().map(r -> Bench.readyStamp(h, r.id()) - r.postedAt()).toList();
                Stats s = Stats.of(times);
                Bench.report("scale", "| " + nodes + " | " + s.n() + " | " + s.p50() + " | " + s.min() + " | " + s.max()
                        + " | " + s.p50() / nodes + " | " + times + " | " + Proc.loadAverage() + " |");
            }
        }
    }

    /**
     * Figure 6: the sandbox's delays at published Linode figures (provisioning + boot = 90 s, the
     * middle of 60–120 s) and workloads that take 60 s to become ready (image pulls); {@code
     * bench.runs} 3-node clusters one after another on one stack, the critical path per layer.
     */
    private void realistic() {
        String provisioning = System.getProperty("bench.provisioning", "30s");
        String boot = System.getProperty("bench.boot", "60s");
        String readyDelay = System.getProperty("bench.ready-delay", "60s");
        Map<StackService, Map<String, String>> extra = Map.of(StackService.SANDBOX, Map.of(
                "kubelode.sandbox.delays.provisioning", provisioning,
                "kubelode.sandbox.delays.boot", boot,
                "kubelode.sandbox.kube.ready-delay", readyDelay));
        int runs = Integer.getInteger("bench.runs", 1);
        try (LocalStack stack = Bench.zeroDelayStack(extra)) {
            StringBuilder md = new StringBuilder(Bench.header("realistic"));
            md.append("sandbox: provisioning ").append(provisioning).append(", boot ").append(boot)
                    .append(", workload ready-delay ").append(readyDelay).append("; ").append(runs)
                    .append(" run(s) one after another\n\n");
            List<Long> totals = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                Bench.Run r = Bench.post(stack, "real" + i, 3);
                Bench.awaitReady(stack, List.of(r), 200, Duration.ofMinutes(20));
                List<TopicHistory.Entry> h = Bench.history(stack);
                md.append("| run ").append(i).append(": layer | done at (s after POST) | layer took (s) |\n|---|---|---|\n");
                long prev = 0;
                for (var e : Bench.layers(h, r).entrySet()) {
                    long done = e.getValue()[1];
                    md.append("| ").append(Bench.short_(e.getKey())).append(" | ").append(done / 1000.0).append(" | ")
                            .append((done - prev) / 1000.0).append(" |\n");
                    prev = done;
                }
                long total = Bench.readyStamp(h, r.id()) - r.postedAt();
                totals.add(total);
                md.append("\nrun ").append(i).append(" POST → Ready: ").append(total / 1000.0).append(" s\n\n");
            }
            Stats s = Stats.of(totals);
            md.append("**total POST → Ready, median (min–max) of ").append(s.n()).append(" run(s): ")
                    .append(s.medianMinMax()).append(" ms**; load average after: ").append(Proc.loadAverage())
                    .append('\n');
            Bench.report("realistic", md.toString());
        }
    }

    /** One start of the whole stack but the sandbox: launch → every process ready, then a first cluster. */
    private record Start(long ready, long postToReady, long launchToReady, Map<String, Long> cpuMs,
                         Map<StackService, Long> readyMs) {
        long cpuTotal() {
            return cpuMs.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Figure 7: start-up with a long history. The gateway and the six layers are stopped and started
     * again at once, {@code bench.runs} times (default 3) with a history of one cluster, then as often
     * after {@code bench.history} (default 500) clusters of history were written ({@link HistoryCopies}:
     * copies of one real cluster's whole life, create to Deleted). Each start: launch → every process
     * ready, then one new 3-node cluster POST → Ready (its every layer acts on it, so each has caught up
     * with what it reads), and each process's CPU from its launch to that Ready.
     */
    private void history() throws Exception {
        int clusters = Integer.getInteger("bench.history", 500);
        int runs = Integer.getInteger("bench.runs", 3);
        List<StackService> services = new ArrayList<>(StackService.sagaServices());
        services.add(StackService.GATEWAY);
        try (LocalStack stack = Bench.zeroDelayStack(Map.of())) {
            Bench.Run template = Bench.post(stack, "histtmpl", 3);
            Bench.awaitReady(stack, List.of(template), 20, Duration.ofMinutes(3));
            Bench.deleteAll(stack, List.of(template), Duration.ofMinutes(3));
            StringBuilder md = new StringBuilder(Bench.header("history: start-up with 1 and with " + clusters
                    + " clusters of history, " + runs + " starts each"));
            md.append("| history (clusters) | start | launch → all ready (ms) | then POST → Ready (ms) | launch → first Ready (ms) | CPU of the 7 processes to then (ms) |");
            services.forEach(s -> md.append(' ').append(s.module()).append(" ready (ms), CPU (ms) |"));
            md.append("\n|---|---|---|---|---|---|").append("---|".repeat(services.size())).append('\n');
            Map<Integer, List<Start>> starts = new LinkedHashMap<>();
            for (int history : List.of(1, clusters)) {
                for (int i = 1; i <= runs; i++) {
                    stack.stopAll(services);
                    if (history > 1 && i == 1) {
                        long t0 = System.currentTimeMillis();
                        int records = HistoryCopies.copy(stack.bootstrapServers(), template.id(), "histtmpl", clusters - 1);
                        int groups = HistoryCopies.commitGroupsToEnd(stack.bootstrapServers());
                        md.append("| ").append(history).append(" | history written: ").append(records)
                                .append(" records, ").append(groups).append(" groups moved to the end, in ")
                                .append(System.currentTimeMillis() - t0).append(" ms |\n");
                    }
                    Start s = start(stack, services, "hst" + history % 1000 + "x" + i);
                    starts.computeIfAbsent(history, k -> new ArrayList<>()).add(s);
                    md.append("| ").append(history).append(" | ").append(i).append(" | ").append(s.ready()).append(" | ")
                            .append(s.postToReady()).append(" | ").append(s.launchToReady()).append(" | ")
                            .append(s.cpuTotal()).append(" |");
                    services.forEach(x -> md.append(' ').append(s.readyMs().get(x)).append(", ")
                            .append(s.cpuMs().get(x.module())).append(" |"));
                    md.append('\n');
                }
            }
            md.append('\n');
            for (var e : starts.entrySet()) {
                md.append("- ").append(e.getKey()).append(" cluster(s) of history: launch → all ready ")
                        .append(Stats.of(e.getValue().stream().map(Start::ready).toList()).medianMinMax())
                        .append(" ms; launch → first Ready ")
                        .append(Stats.of(e.getValue().stream().map(Start::launchToReady).toList()).medianMinMax())
                        .append(" ms; CPU ").append(Stats.of(e.getValue().stream().map(Start::cpuTotal).toList()).medianMinMax())
                        .append(" ms (median (min–max))\n");
            }
            md.append("\nLoad average after: ").append(Proc.loadAverage()).append('\n');
            Bench.report("history", md.toString());
            assertThat(starts.get(clusters)).hasSize(runs);
        }
    }

    private static Start start(LocalStack stack, List<StackService> services, String name) {
        long t0 = System.currentTimeMillis();
        Map<StackService, Long> readyMs = stack.startAll(services);
        long ready = System.currentTimeMillis() - t0;
        Bench.Run r = Bench.post(stack, name, 3);
        long readyAt = Bench.awaitReady(stack, List.of(r), 20, Duration.ofMinutes(5)).get(r.id());
        Map<String, Long> cpu = new LinkedHashMap<>();
        services.forEach(s -> cpu.put(s.module(), Proc.cpuMs(stack.process(s).pid())));
        Bench.deleteAll(stack, List.of(r), Duration.ofMinutes(3));
        return new Start(ready, readyAt - r.postedAt(), readyAt - t0, cpu, readyMs);
    }
}
