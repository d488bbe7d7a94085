package io.kubelode.gateway.plan;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.plan.LinodeNames;
import io.kubelode.events.plan.NodeAddresses;
import io.kubelode.events.spec.App;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.MemoryFit;
import io.kubelode.events.spec.Preflight;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What creating a cluster would do, before anything is charged: a pure function of the spec,
 * the id the cluster would get and what the preflight read from Linode (capabilities, types,
 * prices). Names follow the layers' deterministic
 * naming ({@code <cluster>-<n>}, {@code <cluster>-<n>-master}); the steps say what each layer
 * ensures, not the literal scripts, which the layers own.
 */
public final class DryRun {
    /** Default TTL of published A records, seconds (a value Linode accepts as is). */
    public static final int DNS_TTL = 300;

    /** A Linode instance that would be created. */
    public record Instance(int node, String label, String region, String type, String image, List<String> tags) {
    }

    /** A system container that would be created. */
    public record Container(int node, String name, String role, String address, boolean unprivileged) {
    }

    /** An app and its clean URL. */
    public record AppPlan(String app, String host, String url) {
    }

    /** A round-robin A record. */
    public record DnsRecord(String name, String type, int ttlSec, String values) {
    }

    /** One step a layer would run. */
    public record Step(int order, String layer, Integer node, String action, String command) {
    }

    /**
     * The monthly cost.
     *
     * @param perNode     monthly price of one node from {@code GET /linode/types}, null when unknown
     * @param monthly     total per month, null when unknown
     * @param priceSource where the price comes from, or why it is unknown
     */
    public record Cost(String currency, String nodeType, BigDecimal perNode, int nodes, BigDecimal monthly,
                       String priceSource) {
    }

    /**
     * What the preflight found against the Linode account.
     *
     * @param checked          false when the gateway has no Linode URL to check against
     * @param source           where the facts come from, or why there are none
     * @param memory           the memory budget of the asked type
     * @param fits             the apps fit the type's memory
     * @param overcommitMemory the spec creates the cluster even though they do not
     * @param verdict          one sentence on the memory
     * @param smallestFit      the cheapest type the apps fit
     * @param cheaper          a cheaper type and the apps to drop for it
     */
    public record Checks(boolean checked, String source, MemoryFit.Budget memory, boolean fits,
                         boolean overcommitMemory, String verdict, Preflight.NodeType smallestFit,
                         Preflight.Suggestion cheaper) {
    }

    /** The whole plan. */
    public record Plan(String clusterId, boolean dryRun, ClusterSpec spec, List<Instance> instances,
                       List<Container> containers, AddressPlan addressPlan, List<AppPlan> apps,
                       List<DnsRecord> dnsRecords, List<Step> steps, Cost cost, Checks preflight) {
    }

    private DryRun() {
    }

    /**
     * The plan of a valid spec.
     *
     * @param preflight what Linode answered, null when the gateway has no Linode to ask
     * @param source    where {@code preflight} comes from, or why there is none
     */
    public static Plan of(String clusterId, ClusterSpec spec, Preflight.Result preflight, String source) {
        AddressPlan addresses = AddressPlan.of(spec);
        List<Instance> instances = new ArrayList<>();
        List<Container> containers = new ArrayList<>();
        for (NodeAddresses n : addresses.nodes()) {
            instances.add(new Instance(n.node(), LinodeNames.instanceLabel(clusterId, n.node()), spec.region(),
                    spec.nodeType(), spec.image(), List.of(LinodeNames.TAG, LinodeNames.clusterTag(clusterId))));
            containers.add(new Container(n.node(), clusterId + "-" + n.node() + "-master", "master",
                    n.masterAddress(), true));
            containers.add(new Container(n.node(), clusterId + "-" + n.node() + "-worker", "worker",
                    n.workerAddress(), true));
        }
        List<AppPlan> apps = spec.apps().stream()
                .map(a -> new AppPlan(a.id(), spec.hostOf(a), "https://" + spec.hostOf(a) + "/")).toList();
        List<DnsRecord> dns = new ArrayList<>();
        String values = "the public IPv4 of each of the " + spec.nodes() + " nodes (known once provisioned)";
        dns.add(new DnsRecord(spec.domain(), "A", DNS_TTL, values));
        for (App a : spec.apps()) {
            dns.add(new DnsRecord(spec.hostOf(a), "A", DNS_TTL, values));
        }
        return new Plan(clusterId, true, spec, instances, containers, addresses, apps, dns,
                Steps.of(clusterId, spec, addresses), cost(spec, preflight, source), checks(spec, preflight, source));
    }

    private static Cost cost(ClusterSpec spec, Preflight.Result preflight, String source) {
        BigDecimal each = preflight == null || preflight.type() == null ? null : preflight.type().monthly();
        BigDecimal total = each == null ? null : each.multiply(BigDecimal.valueOf(spec.nodes()));
        return new Cost("USD", spec.nodeType(), each, spec.nodes(), total,
                preflight != null && each == null ? source + " (no price for " + spec.nodeType() + ")" : source);
    }

    private static Checks checks(ClusterSpec spec, Preflight.Result p, String source) {
        if (p == null) {
            return new Checks(false, source, null, false, spec.overcommitMemory(), "not checked: " + source, null,
                    null);
        }
        return new Checks(true, source, p.budget(), p.budget() != null && p.budget().fits(), spec.overcommitMemory(),
                p.memoryVerdict(), p.smallestFit(), p.cheaper());
    }
}
