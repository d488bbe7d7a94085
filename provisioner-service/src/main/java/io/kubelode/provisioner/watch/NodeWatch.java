package io.kubelode.provisioner.watch;

import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.plan.LinodeNames;
import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.NodeRepaired;
import io.kubelode.events.ProvisionerEvent.Repair;
import io.kubelode.provisioner.linode.AccountEvent;
import io.kubelode.provisioner.linode.Filter;
import io.kubelode.provisioner.linode.Instance;
import io.kubelode.provisioner.linode.LinodeApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Day two: the watch over every Ready cluster's nodes. Each round it reads Linode's account events
 * newer than the last it saw and starts a repair ({@link NodeRepairStarted}) for a node of a Ready
 * cluster that:
 * <ul>
 * <li>rebooted or migrated, when that event has finished ({@code linode_reboot}, {@code linode_boot},
 *     {@code host_reboot}, {@code lassie_reboot}, {@code linode_migrate*}): {@link Repair#REBOOT};</li>
 * <li>was deleted behind kubelode's back ({@code linode_delete}), or whose instance is gone when the watch
 *     looks (an event missed while the provisioner was down): {@link Repair#REPLACE};</li>
 * <li>stayed down longer than {@code replaceAfter}: offline since a {@code linode_shutdown} or an
 *     {@code offline} status, or held out of DNS by the DNS layer's health watch from outside (its
 *     {@code DnsAddressWithdrawn}) and not restored: {@link Repair#REPLACE}.</li>
 * </ul>
 * One repair per cluster at a time; a cause (a Linode event id, a loss) starts at most one repair, also
 * across restarts (the view holds the causes already on the topic). When DNS is published after a repair
 * started, the watch says {@link NodeRepaired}, with the time it took. Events kubelode caused itself
 * (boots of new instances, deletes of a rollback or a scale-down) fall on clusters that are not Ready.
 */
public final class NodeWatch {
    private static final Logger LOG = Logger.getLogger(NodeWatch.class);
    private static final Set<String> REBOOTS = Set.of("linode_reboot", "linode_boot", "host_reboot", "lassie_reboot",
            "linode_migrate", "linode_migrate_datacenter");
    private static final String DELETE = "linode_delete";
    private static final String SHUTDOWN = "linode_shutdown";
    /** Unfinished events of interest are read again until they end, for at most this long. */
    private static final Duration PENDING_FOR = Duration.ofHours(2);

    private final LinodeApi linode;
    private final RepairView view;
    private final Supplier<CompletionStage<Void>> barrier;
    private final Function<KubelodeEvent, CompletionStage<Void>> publish;
    private final Duration replaceAfter;
    private final Clock clock;

    private long cursor = -1;
    private final Map<Long, Instant> pending = new HashMap<>();
    private final Map<Long, Instant> offlineSince = new HashMap<>();

    public NodeWatch(LinodeApi linode, RepairView view, Supplier<CompletionStage<Void>> barrier,
                     Function<KubelodeEvent, CompletionStage<Void>> publish, Duration replaceAfter, Clock clock) {
        this.linode = linode;
        this.view = view;
        this.barrier = barrier;
        this.publish = publish;
        this.replaceAfter = replaceAfter;
        this.clock = clock;
    }

    /** One round; call it from one thread at a time. */
    public void round() {
        barrier.get().toCompletableFuture().join();
        completeRepairs();
        readEvents();
        checkInstances();
    }

    private void completeRepairs() {
        for (String id : view.clusterIds()) {
            Optional<NodeRepaired> done = view.read(id, c -> c.repair().flatMap(r -> c.repairedAt().map(at ->
                    new NodeRepaired(id, r.node(), r.repair(), c.node(r.node()).map(NodeProvisioned::linodeId)
                            .orElse(r.linodeId()), Duration.between(c.repairStarted(), at).toMillis() / 1000.0))));
            done.ifPresent(r -> {
                LOG.infof("%s: node %d repaired (%s) in %.1f s", id, r.node(), r.repair(), r.seconds());
                publish.apply(r).toCompletableFuture().join();
            });
        }
    }

    private void readEvents() {
        long floor = pending.keySet().stream().mapToLong(Long::longValue).min().orElse(cursor + 1) - 1;
        if (cursor < 0) {
            // the first round: the newest event is where the watch begins; what happened before it
            // (while no watch ran) the instance checks below find
            cursor = linode.newestEventId();
            LOG.infof("watching Linode's account events after event %d", cursor);
            return;
        }
        List<AccountEvent> fresh = linode.events(new Filter(Map.of("id", Map.of("+gt", floor)))).stream()
                .sorted(Comparator.comparingLong(AccountEvent::id)).toList();
        Instant now = clock.instant();
        pending.values().removeIf(since -> since.plus(PENDING_FOR).isBefore(now));
        for (AccountEvent e : fresh) {
            if (e.id() <= cursor && !pending.containsKey(e.id())) {
                continue;
            }
            cursor = Math.max(cursor, e.id());
            if (e.entity() == null || e.entity().id() == null || !"linode".equals(e.entity().type())) {
                continue;
            }
            boolean finished = "finished".equals(e.status()) || "notification".equals(e.status());
            boolean interesting = REBOOTS.contains(e.action()) || DELETE.equals(e.action())
                    || SHUTDOWN.equals(e.action());
            if (!interesting || "failed".equals(e.status())) {
                pending.remove(e.id());
                continue;
            }
            if (!finished && !DELETE.equals(e.action())) {
                pending.putIfAbsent(e.id(), now);
                continue;
            }
            pending.remove(e.id());
            on(e);
        }
    }

    private void on(AccountEvent e) {
        long linodeId = e.entity().id();
        if (SHUTDOWN.equals(e.action())) {
            offlineSince.putIfAbsent(linodeId, clock.instant());
            return;
        }
        if (REBOOTS.contains(e.action())) {
            offlineSince.remove(linodeId);
        }
        Repair kind = DELETE.equals(e.action()) ? Repair.REPLACE : Repair.REBOOT;
        String cause = e.action() + " " + e.status() + " (event " + e.id() + ")";
        for (String id : view.clusterIds()) {
            Optional<NodeProvisioned> node = view.read(id, c -> c.ready() ? c.byLinode(linodeId) : Optional.empty());
            if (node.isPresent()) {
                start(id, node.get(), kind, cause);
                return;
            }
        }
    }

    /**
     * Instances gone or down too long, whichever way it was missed: one listing of kubelode's instances per
     * round (by its tag, on the server), not one request per node.
     */
    private void checkInstances() {
        Instant now = clock.instant();
        Map<String, List<NodeProvisioned>> watched = new HashMap<>();
        for (String id : view.clusterIds()) {
            List<NodeProvisioned> nodes = view.read(id, c -> c.ready() ? c.nodes() : List.of());
            if (!nodes.isEmpty()) {
                watched.put(id, nodes);
            }
        }
        if (watched.isEmpty()) {
            return;
        }
        Map<Long, Instance> instances = new HashMap<>();
        linode.listByTag(LinodeNames.TAG).forEach(i -> instances.put(i.id(), i));
        for (Map.Entry<String, List<NodeProvisioned>> cluster : watched.entrySet()) {
            String id = cluster.getKey();
            for (NodeProvisioned node : cluster.getValue()) {
                Instance instance = instances.get(node.linodeId());
                if (instance == null) {
                    start(id, node, Repair.REPLACE, "instance " + node.linodeId() + " is gone");
                    break;
                }
                if (Instance.OFFLINE.equals(instance.status())) {
                    offlineSince.putIfAbsent(node.linodeId(), now);
                } else if (instance.isRunning()) {
                    offlineSince.remove(node.linodeId());
                }
                Optional<Instant> down = Optional.ofNullable(offlineSince.get(node.linodeId()));
                Optional<Instant> withdrawn = view.read(id, c -> c.withdrawnSince(node.node()));
                Optional<Instant> since = down.isPresent() ? down : withdrawn;
                if (since.isPresent() && since.get().plus(replaceAfter).isBefore(now)) {
                    start(id, node, Repair.REPLACE, (down.isPresent() ? "offline" : "unreachable from outside")
                            + " since " + since.get() + " (instance " + node.linodeId() + ", longer than "
                            + replaceAfter + ")");
                    break;
                }
            }
        }
    }

    private void start(String clusterId, NodeProvisioned node, Repair kind, String cause) {
        boolean go = view.read(clusterId, c -> c.ready() && !c.started(cause));
        if (!go) {
            return;
        }
        NodeRepairStarted repair = new NodeRepairStarted(clusterId, node.node(), kind, node.linodeId(), cause);
        LOG.infof("%s: node %d (instance %d): %s, repair %s starts", clusterId, node.node(), node.linodeId(), cause,
                kind);
        publish.apply(repair).toCompletableFuture().join();
        offlineSince.remove(node.linodeId());
        // the view folds it on its own; until then this round must not start a second repair of the cluster
        barrier.get().toCompletableFuture().join();
    }
}
