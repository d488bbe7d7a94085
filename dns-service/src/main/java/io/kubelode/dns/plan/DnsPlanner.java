package io.kubelode.dns.plan;

import io.kubelode.events.AppsEvent.AppsDeployed;
import io.kubelode.events.AppsEvent.DeployedApp;
import io.kubelode.events.FailureReason;
import io.kubelode.events.spec.App;
import io.kubelode.events.spec.ClusterSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The records a cluster should have: the apex and every app host, each with every node's IPv4. */
public final class DnsPlanner {
    /** The TTL of every A record: short, so a withdrawn address leaves caches quickly; Linode accepts 30. */
    public static final int TTL_SECONDS = 30;
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private DnsPlanner() {
    }

    /**
     * The desired records.
     *
     * @throws PlanException for no or malformed node addresses, or a malformed domain
     */
    public static DesiredRecords plan(String clusterId, String domain, Collection<App> apps,
                                      List<String> nodeAddresses) {
        String apex = normalise(domain);
        if (apex.isEmpty() || !apex.contains(".")) {
            throw new PlanException(FailureReason.DOMAIN_UNKNOWN, "no domain to publish under: '" + domain + "'");
        }
        List<String> addresses = addresses(nodeAddresses);
        ClusterSpec hosts = new ClusterSpec(null, null, null, null, null, apex, List.copyOf(apps), null, null,
                null, null);
        TreeMap<String, List<String>> names = new TreeMap<>();
        names.put(apex, addresses);
        apps.forEach(a -> names.put(hosts.hostOf(a), addresses));
        return new DesiredRecords(clusterId, apex, names, TTL_SECONDS);
    }

    /** The plan for an AppsDeployed event; the domain is read from the apps' clean URLs. */
    public static DesiredRecords plan(AppsDeployed event) {
        String domain = domainOf(event.apps()).orElseThrow(() -> new PlanException(FailureReason.DOMAIN_UNKNOWN,
                "AppsDeployed names no app URL, so the domain is unknown"));
        return plan(event.clusterId(), domain, event.apps().stream().map(DeployedApp::app).toList(),
                event.nodeAddresses());
    }

    /**
     * The cluster's domain: an app's URL host is {@code <hostLabel>.<domain>} (ClusterSpec#hostOf),
     * so the domain is what follows the app's own label. Every app must agree.
     */
    public static Optional<String> domainOf(List<DeployedApp> apps) {
        LinkedHashSet<String> domains = new LinkedHashSet<>();
        for (DeployedApp d : apps == null ? List.<DeployedApp>of() : apps) {
            String host = d.url() == null ? null : URI.create(d.url().strip()).getHost();
            String prefix = d.app().hostLabel() + ".";
            if (host == null || !normalise(host).startsWith(prefix)) {
                throw new PlanException(FailureReason.APP_URL_MALFORMED, "the URL of " + d.app().id() + " is not on "
                        + prefix + "<domain>: " + d.url());
            }
            domains.add(normalise(host).substring(prefix.length()));
        }
        if (domains.size() > 1) {
            throw new PlanException(FailureReason.APP_URL_MALFORMED,
                    "the app URLs name more than one domain: " + domains);
        }
        return domains.stream().findFirst();
    }

    private static List<String> addresses(List<String> nodeAddresses) {
        List<String> out = new ArrayList<>();
        for (String a : nodeAddresses == null ? List.<String>of() : nodeAddresses) {
            String s = a == null ? "" : a.strip();
            if (!IPV4.matcher(s).matches()) {
                throw new PlanException(FailureReason.NODE_ADDRESS_MALFORMED, "not an IPv4 address: '" + a + "'");
            }
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            throw new PlanException(FailureReason.NO_NODE_ADDRESSES, "no node address to publish");
        }
        return out;
    }

    /** Lower case, no trailing dot. */
    public static String normalise(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
