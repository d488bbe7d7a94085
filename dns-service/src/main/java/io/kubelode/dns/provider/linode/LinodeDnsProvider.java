package io.kubelode.dns.provider.linode;

import io.kubelode.dns.plan.DnsPlanner;
import io.kubelode.dns.plan.ObservedName;
import io.kubelode.dns.plan.ObservedRecords;
import io.kubelode.dns.plan.Ownership;
import io.kubelode.dns.plan.RecordChange.AddAddress;
import io.kubelode.dns.plan.RecordChange.AddOwner;
import io.kubelode.dns.plan.RecordChange.RemoveAddress;
import io.kubelode.dns.plan.RecordChange.RemoveOwner;
import io.kubelode.dns.plan.RecordChange.Retime;
import io.kubelode.dns.plan.RecordChange;
import io.kubelode.dns.provider.DnsProvider;
import io.kubelode.dns.provider.DnsProviderException;
import io.kubelode.events.FailureReason;
import io.kubelode.events.plan.LinodeNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Publishes records in Linode's DNS Manager. A domain kubelode creates carries the tag
 * {@code kl:<id>} ({@link LinodeNames#clusterTag}, the provisioner's instance tag), so teardown deletes a domain
 * only if kubelode created it for that cluster — and only when nothing else is left in it.
 * Changes are applied one request at a time, in the order the plan gives (ownership first on
 * create, last on delete), so a half-applied step never leaves an unowned record behind.
 */
public final class LinodeDnsProvider implements DnsProvider {
    private static final Logger LOG = Logger.getLogger(LinodeDnsProvider.class);
    /** Linode's accepted record TTLs per its OpenAPI document; others are rounded to the nearest. */
    private static final int[] RECORD_TTLS = {300, 3600, 7200, 14400, 28800, 57600, 86400, 172800, 345600, 604800,
        1209600, 2419200};

    private final LinodeDnsApi api;
    private final LinodeSettings settings;

    public LinodeDnsProvider(LinodeSettings settings) {
        this(settings, ExchangeListener.NONE);
    }

    public LinodeDnsProvider(LinodeSettings settings, ExchangeListener listener) {
        this.settings = settings;
        this.api = new LinodeDnsApi(settings, listener);
    }

    @Override
    public String kind() {
        return "linode";
    }

    @Override
    public int storedTtl(int requested) {
        int best = RECORD_TTLS[0];
        for (int v : RECORD_TTLS) {
            if (Math.abs(v - requested) < Math.abs(best - requested)) {
                best = v;
            }
        }
        return requested <= 0 ? 0 : best;
    }

    @Override
    public Reconcile ensureDomain(String domain, String clusterId) {
        String apex = DnsPlanner.normalise(domain);
        if (find(apex).isPresent()) {
            return Reconcile.NOOP;
        }
        LinodeDomain created = api.createDomain(new LinodeDomain(null, apex, "master", settings.soaEmail(),
                "created by kubelode for cluster " + clusterId, List.of(LinodeNames.clusterTag(clusterId))));
        LOG.infof("cluster %s: created Linode domain %s (id %d)", clusterId, apex, created.id());
        return Reconcile.CREATED;
    }

    @Override
    public ObservedRecords observe(String domain) {
        String apex = DnsPlanner.normalise(domain);
        return find(apex).map(d -> observed(apex, api.records(d.id()))).orElse(ObservedRecords.of(apex, List.of()));
    }

    @Override
    public void apply(String domain, List<RecordChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        String apex = DnsPlanner.normalise(domain);
        LinodeDomain d = find(apex).orElseThrow(() -> new io.kubelode.dns.provider.DnsProviderException(
                FailureReason.DOMAIN_MISSING, "Linode domain " + apex + " does not exist", true));
        List<LinodeRecord> records = new ArrayList<>(api.records(d.id()));
        for (RecordChange c : changes) {
            applyOne(d.id(), apex, c, records);
        }
    }

    private void applyOne(long domainId, String apex, RecordChange c, List<LinodeRecord> records) {
        if (c instanceof AddOwner o) {
            records.add(api.createRecord(domainId, new LinodeRecord(null, "TXT",
                    relative(Ownership.ownerName(o.name()), apex), Ownership.value(o.clusterId()), null)));
        } else if (c instanceof RemoveOwner o) {
            matching(records, apex, "TXT", Ownership.ownerName(o.name()), t -> Ownership.ownerOf(t).filter(o.clusterId()::equals).isPresent())
                    .forEach(r -> delete(domainId, r, records));
        } else if (c instanceof AddAddress a) {
            records.add(api.createRecord(domainId, new LinodeRecord(null, "A", requestName(a.name(), apex),
                    a.address(), a.ttl())));
        } else if (c instanceof RemoveAddress a) {
            matching(records, apex, "A", a.name(), a.address()::equals)
                    .forEach(r -> delete(domainId, r, records));
        } else if (c instanceof Retime t) {
            for (LinodeRecord r : matching(records, apex, "A", t.name(), t.address()::equals)) {
                api.updateRecord(domainId, r.id(), new LinodeRecord(null, null, null, null, t.ttl()));
            }
        }
    }

    private void delete(long domainId, LinodeRecord r, List<LinodeRecord> records) {
        api.deleteRecord(domainId, r.id());
        records.remove(r);
    }

    private static List<LinodeRecord> matching(List<LinodeRecord> records, String apex, String type, String fqdn,
                                               java.util.function.Predicate<String> target) {
        String rel = relative(fqdn, apex);
        return records.stream().filter(r -> type.equalsIgnoreCase(r.type()) && rel.equals(nameOf(r, apex))
                && target.test(r.target())).toList();
    }

    @Override
    public Set<String> domainsOf(String clusterId) {
        Set<String> out = new LinkedHashSet<>();
        for (LinodeDomain d : api.domains(Optional.empty())) {
            String apex = DnsPlanner.normalise(d.domain());
            if (d.tagsOrEmpty().contains(LinodeNames.clusterTag(clusterId))
                    || observed(apex, recordsUnlessGone(d)).hasNamesOf(clusterId)) {
                out.add(apex);
            }
        }
        return out;
    }

    /**
     * The domain's records; none when the domain went away since it was listed (another cluster's
     * teardown deleted the domain it created meanwhile: the full chaos run's 10 concurrent deletes).
     */
    private List<LinodeRecord> recordsUnlessGone(LinodeDomain d) {
        try {
            return api.records(d.id());
        } catch (DnsProviderException e) {
            if (e.reason() == FailureReason.LINODE_NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }

    @Override
    public Reconcile releaseDomain(String domain, String clusterId) {
        Optional<LinodeDomain> d = find(DnsPlanner.normalise(domain));
        if (d.isEmpty() || !d.get().tagsOrEmpty().contains(LinodeNames.clusterTag(clusterId))) {
            return Reconcile.NOOP;
        }
        List<LinodeRecord> left = api.records(d.get().id());
        if (!left.isEmpty()) {
            LOG.warnf("cluster %s: keeping Linode domain %s, which kubelode created, because it holds %d records "
                    + "kubelode does not own", clusterId, domain, left.size());
            return Reconcile.NOOP;
        }
        api.deleteDomain(d.get().id());
        return Reconcile.DELETED;
    }

    private Optional<LinodeDomain> find(String apex) {
        return api.domains(Optional.of(apex)).stream()
                .filter(d -> apex.equals(DnsPlanner.normalise(d.domain()))).findFirst();
    }

    static ObservedRecords observed(String apex, List<LinodeRecord> records) {
        Map<String, Set<String>> addresses = new HashMap<>();
        Map<String, Integer> ttls = new HashMap<>();
        Map<String, String> owners = new HashMap<>();
        for (LinodeRecord r : records) {
            String rel = nameOf(r, apex);
            String fqdn = rel.isEmpty() ? apex : rel + "." + apex;
            if ("A".equalsIgnoreCase(r.type())) {
                addresses.computeIfAbsent(fqdn, n -> new TreeSet<>()).add(r.target());
                ttls.put(fqdn, r.ttlSec() == null ? 0 : r.ttlSec());
            } else if ("TXT".equalsIgnoreCase(r.type()) && Ownership.isOwnerName(fqdn)) {
                Ownership.ownerOf(r.target()).ifPresent(o -> owners.put(Ownership.ownedName(fqdn), o));
            }
        }
        Set<String> names = new TreeSet<>(addresses.keySet());
        names.addAll(owners.keySet());
        List<ObservedName> out = new ArrayList<>();
        names.forEach(n -> out.add(new ObservedName(n, addresses.getOrDefault(n, Set.of()), ttls.getOrDefault(n, -1),
                Optional.ofNullable(owners.get(n)))));
        return ObservedRecords.of(apex, out);
    }

    private static String nameOf(LinodeRecord r, String apex) {
        String n = r.name() == null ? "" : DnsPlanner.normalise(r.name());
        return n.equals(apex) ? "" : n.endsWith("." + apex) ? n.substring(0, n.length() - apex.length() - 1) : n;
    }

    /**
     * The name to send: relative, except at the apex, where the OpenAPI document's minLength 1
     * rules out "" and its "hostname or FQDN" allows the domain itself.
     */
    static String requestName(String fqdn, String apex) {
        return fqdn.equals(apex) ? apex : relative(fqdn, apex);
    }

    /** Linode names records relative to the domain, "" at the apex. */
    static String relative(String fqdn, String apex) {
        if (fqdn.equals(apex)) {
            return "";
        }
        if (!fqdn.endsWith("." + apex)) {
            throw new IllegalArgumentException(fqdn + " is not under " + apex);
        }
        return fqdn.substring(0, fqdn.length() - apex.length() - 1);
    }
}
