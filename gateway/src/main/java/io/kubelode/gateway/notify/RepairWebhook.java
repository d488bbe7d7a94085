package io.kubelode.gateway.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.events.FailureReason;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.Phase;
import io.kubelode.events.ProvisionerEvent.NodeRepairFailed;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.NodeRepaired;
import io.kubelode.gateway.view.ReadModel.Change;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Tells a person about node repairs: a small JSON document POSTed to a configured URL for every
 * NodeRepairStarted, NodeRepaired and NodeRepairFailed, and for any other event that makes a cluster
 * Degraded. A {@link io.kubelode.gateway.view.ReadModel} listener.
 *
 * <ul>
 *   <li>Never blocks the read model: {@link #accept} builds the document and hands it to a thread of
 *       its own; at most {@value #MAX_PENDING} documents wait, more are dropped (and logged).</li>
 *   <li>At most once per event id in this process: an id is remembered when its document is queued.
 *       Events of the replay at start are sent only when younger than {@code replayMaxAge}, so a
 *       restart within that time may send one again; the document's {@code id} lets a receiver see it.</li>
 *   <li>A failed POST (no answer within the timeout, or a status other than 2xx) is logged and tried
 *       again after {@code backoff}, doubling, up to {@code attempts} POSTs in all; then it is given up.</li>
 *   <li>No secret: only the fields below, taken from the event (which never holds one); the URL itself may
 *       hold one (Slack's, Discord's), so only its scheme, host and port are logged.</li>
 * </ul>
 *
 * <p>The document: {@code id} (the CloudEvents id), {@code type} (its CloudEvents type),
 * {@code event} (e.g. {@code NodeRepairFailed}), {@code clusterId}, {@code clusterName}, {@code node},
 * {@code repair} ({@code REBOOT} or {@code REPLACE}), {@code phase} (after the event),
 * {@code previousPhase}, {@code needsAttention} (true when Degraded), {@code reason} (a failure's code),
 * {@code seconds} (a finished repair's duration), {@code message} (the history's one-line summary),
 * {@code time} (the event's, ISO-8601).
 */
public final class RepairWebhook implements Consumer<Change>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RepairWebhook.class);
    static final int MAX_PENDING = 1000;
    /** More than this many POSTs of one event is not "a few": the configuration is refused. */
    static final int MAX_ATTEMPTS = 10;

    /** What the webhook needs; {@link #of} checks it. */
    public record Settings(URI url, Duration timeout, int attempts, Duration backoff, Duration replayMaxAge) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final String target;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService worker;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger givenUp = new AtomicInteger();

    private RepairWebhook(Settings settings, Clock clock) {
        this.settings = settings;
        this.target = redactedUrl(settings.url());
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "kubelode-webhook");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.worker = executor;
    }

    /** The webhook for checked settings; an unusable URL or attempt count refuses to start the gateway. */
    public static RepairWebhook of(Settings settings, Clock clock) {
        URI url = settings.url();
        if (url == null || url.getHost() == null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            throw new IllegalStateException("kubelode.gateway.webhook.url must be an http or https URL with a host,"
                    + " was " + (url == null ? "nothing" : redactedUrl(url)));
        }
        if (settings.attempts() < 1 || settings.attempts() > MAX_ATTEMPTS) {
            throw new IllegalStateException("kubelode.gateway.webhook.attempts must be between 1 and " + MAX_ATTEMPTS
                    + ", was " + settings.attempts());
        }
        if (settings.timeout().isNegative() || settings.timeout().isZero() || settings.backoff().isNegative()) {
            throw new IllegalStateException("kubelode.gateway.webhook.timeout must be positive and"
                    + " kubelode.gateway.webhook.backoff not negative");
        }
        return new RepairWebhook(settings, clock);
    }

    /** Whether the change is one the webhook tells of. */
    static boolean tellsOf(Change change) {
        KubelodeEvent e = change.entry().data();
        return e instanceof NodeRepairStarted || e instanceof NodeRepaired || e instanceof NodeRepairFailed
                || change.after() == Phase.Degraded && change.before() != Phase.Degraded;
    }

    /** Called by the read model under its lock: decides, builds the document and queues it; never waits. */
    @Override
    public void accept(Change change) {
        try {
            if (!tellsOf(change)) {
                return;
            }
            if (change.replayed() && change.entry().time() != null
                    && change.entry().time().isBefore(clock.instant().minus(settings.replayMaxAge()))) {
                return;
            }
            String id = change.entry().id();
            if (!queued.add(id)) {
                return;
            }
            byte[] body = JSON.writeValueAsBytes(document(change));
            if (pending.incrementAndGet() > MAX_PENDING) {
                pending.decrementAndGet();
                LOG.warnf("webhook %s: %d notification(s) wait already; the one of event %s (%s of %s) is dropped",
                        target, MAX_PENDING, id, change.entry().type(), change.clusterId());
                return;
            }
            worker.execute(() -> attempt(id, change.clusterId(), body, 1));
        } catch (JsonProcessingException | RuntimeException e) {
            // RejectedExecutionException after close, among others: the read model goes on regardless
            LOG.warnf("webhook %s: the notification of event %s is dropped: %s", target, change.entry().id(),
                    e.toString());
        }
    }

    /** The JSON document of one change, in a stable field order. */
    static Map<String, Object> document(Change change) {
        KubelodeEvent e = change.entry().data();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", change.entry().id());
        doc.put("type", change.entry().type());
        doc.put("event", e.getClass().getSimpleName());
        doc.put("clusterId", change.clusterId());
        doc.put("clusterName", change.clusterName());
        Integer node = null;
        String repair = null;
        String reason = null;
        Double seconds = null;
        if (e instanceof NodeRepairStarted s) {
            node = s.node();
            repair = String.valueOf(s.repair());
        } else if (e instanceof NodeRepaired r) {
            node = r.node();
            repair = String.valueOf(r.repair());
            seconds = r.seconds();
        } else if (e instanceof NodeRepairFailed f) {
            node = f.node();
            repair = String.valueOf(f.repair());
            reason = FailureReason.codeOf(f.reason());
        }
        doc.put("node", node);
        doc.put("repair", repair);
        doc.put("phase", String.valueOf(change.after()));
        doc.put("previousPhase", String.valueOf(change.before()));
        doc.put("needsAttention", change.after() == Phase.Degraded);
        doc.put("reason", reason);
        doc.put("seconds", seconds);
        doc.put("message", change.entry().summary());
        doc.put("time", change.entry().time() == null ? null : change.entry().time().toString());
        return doc;
    }

    private void attempt(String id, String clusterId, byte[] body, int attempt) {
        String failure;
        try {
            HttpResponse<Void> res = http.send(HttpRequest.newBuilder(settings.url()).timeout(settings.timeout())
                    .header("Content-Type", "application/json").header("User-Agent", "kubelode-gateway")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (res.statusCode() / 100 == 2) {
                pending.decrementAndGet();
                delivered.incrementAndGet();
                LOG.infof("webhook %s: event %s of %s delivered (HTTP %d)", target, id, clusterId, res.statusCode());
                return;
            }
            failure = "HTTP " + res.statusCode();
        } catch (IOException e) {
            failure = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.decrementAndGet();
            return;
        }
        if (attempt >= settings.attempts()) {
            pending.decrementAndGet();
            givenUp.incrementAndGet();
            LOG.errorf("webhook %s: event %s of %s not delivered after %d attempt(s), given up: %s", target, id,
                    clusterId, attempt, failure);
            return;
        }
        Duration wait = settings.backoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        LOG.warnf("webhook %s: event %s of %s, attempt %d of %d failed: %s; next in %d ms", target, id, clusterId,
                attempt, settings.attempts(), failure, wait.toMillis());
        try {
            worker.schedule(() -> attempt(id, clusterId, body, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
        }
    }

    /** Notifications queued or waiting for a retry. */
    public int pending() {
        return pending.get();
    }

    /** Notifications a receiver accepted. */
    public int delivered() {
        return delivered.get();
    }

    /** Notifications given up after every attempt failed. */
    public int givenUp() {
        return givenUp.get();
    }

    /** The URL as logs show it: scheme, host and port; the path and query may hold a secret. */
    public static String redactedUrl(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + "/…";
    }

    /** Stops the thread; what waits (a retry's back-off among it) is not sent. */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
