package io.kubelode.k8s.pki;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names the API server's serving certificate must carry: every address a client may dial.
 *
 * @param ipAddresses IPv4 literals
 * @param dnsNames    DNS names
 */
public record SubjectAltNames(List<String> ipAddresses, List<String> dnsNames) {
    /** The in-cluster names of the {@code kubernetes} service, plus localhost. */
    public static final List<String> IN_CLUSTER_NAMES = List.of("kubernetes", "kubernetes.default",
            "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "localhost");

    public SubjectAltNames {
        ipAddresses = List.copyOf(new LinkedHashSet<>(ipAddresses));
        dnsNames = List.copyOf(new LinkedHashSet<>(dnsNames));
    }

    /**
     * The API server names of a cluster: its control planes' node names (kubeadm's list starts
     * with the joining node's name, see k8s-service/README.md), its nodes, containers, service
     * address and endpoint name.
     *
     * @param controlPlaneNames the Kubernetes node name of every control plane
     */
    public static SubjectAltNames of(List<String> controlPlaneNames, List<String> nodeAddresses,
                                     List<String> containerAddresses, String kubernetesServiceAddress,
                                     String endpointName) {
        List<String> ips = new ArrayList<>(nodeAddresses);
        ips.addAll(containerAddresses);
        ips.add(kubernetesServiceAddress);
        ips.add("127.0.0.1");
        List<String> dns = new ArrayList<>(IN_CLUSTER_NAMES);
        dns.add(endpointName);
        dns.addAll(controlPlaneNames);
        return new SubjectAltNames(ips, dns);
    }

    /** These names and {@code name}. */
    public SubjectAltNames withDnsName(String name) {
        List<String> dns = new ArrayList<>(dnsNames);
        dns.add(name);
        return new SubjectAltNames(ipAddresses, dns);
    }

    /** Whether every name of {@code other} is here too. */
    public boolean covers(SubjectAltNames other) {
        Set<String> ips = Set.copyOf(ipAddresses);
        Set<String> names = Set.copyOf(dnsNames);
        return ips.containsAll(other.ipAddresses) && names.containsAll(other.dnsNames);
    }
}
