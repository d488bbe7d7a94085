package io.kubelode.cli.progress;

import io.kubelode.cli.render.Times;
import io.kubelode.events.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The terminal view of a cluster's progress: a bar per node and a bar per layer, each with its
 * current step and elapsed time, and the latest step. Pure text; {@link Follower} redraws it.
 */
public final class ProgressFrame {
    static final int BAR = 20;
    /** More nodes than this are summarised in one line. */
    static final int MAX_NODE_ROWS = 12;

    private ProgressFrame() {
    }

    /** The frame's lines at {@code now}, each cut to {@code columns - 1} characters. */
    public static List<String> render(ClusterProgress p, Instant now, int columns) {
        return render(p, now).stream().map(l -> cut(l, Math.max(20, columns - 1))).toList();
    }

    /** The frame's lines at {@code now}. */
    public static List<String> render(ClusterProgress p, Instant now) {
        List<String> lines = new ArrayList<>();
        // during a repair the clock is the repair's, not the time since the cluster was requested
        Duration clock = p.repairEpisode() && (p.phase() == Phase.Repairing || p.phase() == Phase.Degraded)
                ? p.repair().elapsed(now) : p.elapsed(now);
        lines.add(p.clusterId() + "  " + p.phase() + "  " + Times.clock(clock));
        List<Integer> nodes = p.nodes();
        int layers = Layer.values().length;
        for (int i = 0; i < nodes.size() && i < MAX_NODE_ROWS; i++) {
            int n = nodes.get(i);
            int done = 0;
            for (Layer l : Layer.values()) {
                done += p.status(l, n) == Status.DONE ? 1 : 0;
            }
            Layer current = p.current(n);
            String step;
            if (current == null) {
                step = "done";
            } else {
                Status s = p.status(current, n);
                Duration d = p.elapsed(current, n, now);
                step = pad(current.label(), 10) + " " + pad(s.word(), 8) + (d == null ? "" : " " + Times.clock(d));
            }
            lines.add(String.format("  node %-3d %s %d/%d  %s", n, bar(done, layers), done, layers, step).stripTrailing());
        }
        if (nodes.size() > MAX_NODE_ROWS) {
            lines.add("  ... and " + (nodes.size() - MAX_NODE_ROWS) + " more node(s)");
        }
        for (Layer l : Layer.values()) {
            int done = p.count(l, Status.DONE);
            String word = layerWord(p, l);
            Duration d = p.elapsed(l, now);
            lines.add(String.format("  %-10s %s %d/%d  %s", l.label(), bar(done, nodes.size()), done, nodes.size(),
                    pad(word, 8) + (d == null ? "" : " " + Times.clock(d))).stripTrailing());
        }
        if (p.failure() != null) {
            lines.add("  failed: " + p.failure().describe());
        }
        if (p.repairEpisode()) {
            lines.add("  repair: " + p.repair().describe(now));
        }
        lines.add("  last: " + p.lastStep());
        return lines;
    }

    /** How long each layer took (from the layer below done to this one done on every node), and in total. */
    public static String layerTimes(ClusterProgress p, Instant now) {
        io.kubelode.cli.render.TextTable t = new io.kubelode.cli.render.TextTable("LAYER", "STATE", "TOOK");
        for (Layer l : Layer.values()) {
            Duration d = p.elapsed(l, now);
            t.row(l.label(), layerWord(p, l), d == null ? null : Times.clock(d));
        }
        t.row("total", p.phase(), Times.clock(p.elapsed(now)));
        return t.render();
    }

    /** The layer's state over all nodes: the worst wins, then running, then done. */
    static String layerWord(ClusterProgress p, Layer l) {
        if (p.count(l, Status.FAILED) > 0) {
            return Status.FAILED.word();
        }
        if (p.count(l, Status.RELEASED) > 0) {
            return Status.RELEASED.word();
        }
        if (p.count(l, Status.RUNNING) > 0) {
            return Status.RUNNING.word();
        }
        if (!p.nodes().isEmpty() && p.count(l, Status.DONE) == p.nodes().size()) {
            return Status.DONE.word();
        }
        return Status.PENDING.word();
    }

    /** {@code [#######.............]}. */
    static String bar(int done, int of) {
        int filled = of <= 0 ? 0 : Math.min(BAR, done * BAR / of);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }

    private static String cut(String line, int width) {
        return line.length() <= width ? line : line.substring(0, width - 3) + "...";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
