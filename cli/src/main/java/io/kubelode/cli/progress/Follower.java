package io.kubelode.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.cli.CliException;
import io.kubelode.cli.Exit;
import io.kubelode.cli.Io;
import io.kubelode.cli.http.Gateway;
import io.kubelode.cli.http.SseEvent;
import io.kubelode.cli.render.Format;
import io.kubelode.cli.render.Times;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows a cluster's Server-Sent Events until its {@link Goal}: progress bars on a terminal, one
 * line per event otherwise (or each event as JSON/YAML). A dropped connection is resumed with
 * {@code Last-Event-ID}, so nothing is lost or shown twice.
 */
public final class Follower {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reconnects in a row without receiving an event before giving up. */
    static final int MAX_RECONNECTS = 10;

    private final Gateway gateway;
    private final Io io;
    private final Format format;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Object lock = new Object();
    private ClusterProgress progress;
    private int frameLines;
    private Duration stall;
    private volatile long lastEventNanos;
    private volatile String notice;
    private long stopAt;

    /** Thrown from the event sink to end the stream once the goal is reached. */
    private static final class Reached extends RuntimeException {
        final int exitCode;
        final boolean summary;

        Reached(int exitCode, boolean summary) {
            super(null, null, false, false);
            this.exitCode = exitCode;
            this.summary = summary;
        }
    }

    public Follower(Gateway gateway, Io io, Format format) {
        this(gateway, io, format, Duration.ofMillis(500), Duration.ofSeconds(5));
    }

    Follower(Gateway gateway, Io io, Format format, Duration firstBackoff, Duration maxBackoff) {
        this.gateway = gateway;
        this.io = io;
        this.format = format;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * Follows cluster {@code id} from its first event; the goal counts only from the event at
     * position {@code armFrom} on (older history shows where the cluster was, e.g. Ready before a
     * scale). Returns the exit code.
     */
    public int follow(String id, long armFrom, Goal goal) {
        return follow(id, armFrom, goal, Long.MAX_VALUE);
    }

    /** Prints the history up to position {@code last} (the cluster's event count - 1) and returns 0. */
    public int history(String id, long last) {
        return last < 0 ? Exit.OK : follow(id, Long.MAX_VALUE, Goal.SETTLED, last);
    }

    /** Gives up with {@link Exit#STALLED} when no event arrives for this long (null: wait forever). */
    public Follower stallAfter(Duration stall) {
        this.stall = stall == null || stall.isZero() || stall.isNegative() ? null : stall;
        return this;
    }

    /** The progress folded so far (after {@link #follow}: the whole followed history). */
    public ClusterProgress progress() {
        return progress;
    }

    private int follow(String id, long armFrom, Goal goal, long stopAt) {
        this.stopAt = stopAt;
        progress = new ClusterProgress(id);
        boolean bars = io.terminal() && format == Format.table;
        ScheduledExecutorService ticker = bars ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubelode-progress");
            t.setDaemon(true);
            return t;
        }) : null;
        if (ticker != null) {
            ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        }
        try {
            return stall == null ? stream(id, armFrom, goal, bars) : watched(id, armFrom, goal, bars);
        } finally {
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
    }

    /**
     * Streams on a daemon thread and gives up when no event came for {@code stall}: the blocking
     * read of an idle stream cannot be interrupted, so this thread stops waiting for it instead.
     */
    private int watched(String id, long armFrom, Goal goal, boolean bars) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                result.complete(stream(id, armFrom, goal, bars));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "kubelode-events");
        worker.setDaemon(true);
        lastEventNanos = System.nanoTime();
        worker.start();
        while (true) {
            try {
                return result.get(Math.min(1000, Math.max(50, stall.toMillis() / 4)), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() - lastEventNanos > stall.toNanos()) {
                    synchronized (lock) {
                        throw new CliException(Exit.STALLED, stalledMessage());
                    }
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(Exit.UNAVAILABLE, "interrupted");
            }
        }
    }

    private String stalledMessage() {
        String waiting = switch (progress.phase()) {
            case Pending, Provisioning, Repairing -> {
                Layer next = null;
                for (Layer l : Layer.values()) {
                    if (next == null && progress.count(l, Status.DONE) < progress.nodes().size()) {
                        next = l;
                    }
                }
                yield next == null ? "the cluster is " + progress.phase()
                        : "waiting for the " + next.label() + " layer (" + next.service() + "; see its log)";
            }
            default -> "the cluster is " + progress.phase();
        };
        return "no event for " + stall.toSeconds() + " s after \"" + progress.lastStep() + "\": " + waiting;
    }

    private int stream(String id, long armFrom, Goal goal, boolean bars) {
        String lastId = null;
        int failures = 0;
        Duration backoff = firstBackoff;
        while (true) {
            long before = progress.lastPosition();
            try {
                gateway.events(id, lastId, e -> onEvent(e, armFrom, goal, bars));
            } catch (Reached r) {
                synchronized (lock) {
                    if (bars) {
                        redraw();
                    }
                    if (r.summary) {
                        io.out().println(progress.summary());
                    }
                    io.out().flush();
                }
                return r.exitCode;
            } catch (UncheckedIOException e) {
                // the connection broke: resume below
            } catch (CliException e) {
                if (e.exitCode() != Exit.UNAVAILABLE) {
                    throw e;
                }
            }
            lastId = progress.lastPosition() < 0 ? null : String.valueOf(progress.lastPosition());
            boolean advanced = progress.lastPosition() > before;
            failures = advanced ? 1 : failures + 1;
            backoff = advanced ? firstBackoff : backoff;
            if (failures > MAX_RECONNECTS) {
                throw new CliException(Exit.UNAVAILABLE, "lost the event stream of " + id + " at " + gateway.base()
                        + " and could not resume it after " + MAX_RECONNECTS + " attempts"
                        + (lastId == null ? "" : " (last event " + lastId + ")"));
            }
            String resuming = "event stream interrupted; resuming" + (lastId == null ? "" : " after event " + lastId)
                    + " in " + backoff.toMillis() + " ms";
            if (bars) {
                // on the frame, not on stderr: a line between frames would break the redraw
                notice = resuming;
                redraw();
            } else {
                io.err().println("kubelode: " + resuming);
                io.err().flush();
            }
            pause(backoff);
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        }
    }

    private void onEvent(SseEvent e, long armFrom, Goal goal, boolean bars) {
        JsonNode entry;
        try {
            entry = JSON.readTree(e.data());
        } catch (IOException ex) {
            io.err().println("kubelode: skipped an event that is not JSON (id " + e.id() + ")");
            return;
        }
        if (!entry.has("position") && e.id() != null) {
            entry = ((com.fasterxml.jackson.databind.node.ObjectNode) entry).put("position", Long.parseLong(e.id()));
        }
        long position = entry.path("position").asLong();
        if (position <= progress.lastPosition()) {
            return;
        }
        lastEventNanos = System.nanoTime();
        notice = null;
        synchronized (lock) {
            String step = progress.apply(entry);
            if (bars) {
                redraw();
            } else if (format == Format.table) {
                io.out().println(EventLine.of(progress, Times.parse(entry.path("time")), entry.path("topic").asText(),
                        step));
            } else {
                io.out().print(format == Format.json ? entry.toString() + "\n"
                        : "---\n" + format.render(entry, null));
            }
            io.out().flush();
        }
        Integer exit = position >= armFrom ? goal.exitFor(progress.phase()) : null;
        if (exit != null) {
            throw new Reached(exit, true);
        }
        if (position >= stopAt) {
            throw new Reached(Exit.OK, false);
        }
    }

    private void redraw() {
        synchronized (lock) {
            if (progress.lastPosition() < 0) {
                return;
            }
            List<String> lines = new java.util.ArrayList<>(ProgressFrame.render(progress, io.clock().instant(),
                    io.columns()));
            if (notice != null) {
                lines.add("  " + notice);
            }
            StringBuilder sb = new StringBuilder();
            if (frameLines > 0) {
                // back to the frame's first line, and clear from there down
                sb.append("\033[").append(frameLines).append('F').append("\033[J");
            }
            lines.forEach(l -> sb.append(l).append('\n'));
            io.out().print(sb);
            io.out().flush();
            frameLines = lines.size();
        }
    }

    private static void pause(Duration d) {
        try {
            // reconnect back-off: there is no signal for "the gateway is back"
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(Exit.UNAVAILABLE, "interrupted");
        }
    }
}
