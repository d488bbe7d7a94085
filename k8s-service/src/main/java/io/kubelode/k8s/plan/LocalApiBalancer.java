package io.kubelode.k8s.plan;

import io.kubelode.k8s.plan.kubeadm.Kubeadm;
import java.util.List;

/**
 * The per-container local load balancer in front of every API server (kubespray's
 * {@code loadbalancer_apiserver_localhost}): HAProxy in TCP mode on {@code 127.0.0.1:7443}
 * ({@link Kubeadm#BALANCER_PORT}, which {@code controlPlaneEndpoint} names), health-checking each
 * control plane's {@code /healthz} on 6443, so losing any one node keeps the API reachable from
 * every kubelet. The same configuration runs in every container. It is started before
 * {@code kubeadm init} and every join, so it must not hold 6443 on any address: kubeadm's
 * {@code Port-6443} preflight binds the wildcard address, which a listener on
 * {@code 127.0.0.1:6443} already refuses (EADDRINUSE).
 *
 * @param listen   address:port HAProxy binds
 * @param backends one per control plane
 */
public record LocalApiBalancer(String listen, List<Backend> backends) {

    /** One API server. */
    public record Backend(String name, String address, int port) {
    }

    /** The balancer for a cluster: every control plane container's API server. */
    public static LocalApiBalancer of(ClusterLayout layout) {
        return new LocalApiBalancer("127.0.0.1:" + Kubeadm.BALANCER_PORT, layout.nodes().stream()
                .map(n -> new Backend(n.masterName(), n.masterAddress(), Kubeadm.API_PORT)).toList());
    }

    /** {@code /etc/haproxy/haproxy.cfg}. */
    public String render() {
        StringBuilder s = new StringBuilder();
        s.append("# kubelode: local load balancer in front of every kube-apiserver\n");
        s.append("global\n    maxconn 4000\n\n");
        s.append("defaults\n    mode tcp\n    timeout connect 5s\n    timeout client 1h\n    timeout server 1h\n\n");
        s.append("frontend kube-apiserver\n    bind ").append(listen).append('\n');
        s.append("    default_backend kube-apiserver\n\n");
        s.append("backend kube-apiserver\n    balance roundrobin\n    option httpchk GET /healthz\n");
        s.append("    http-check expect status 200\n");
        s.append("    default-server inter 5s downinter 5s rise 2 fall 2\n");
        for (Backend b : backends) {
            s.append("    server ").append(b.name()).append(' ').append(b.address()).append(':').append(b.port())
                    .append(" check check-ssl verify none\n");
        }
        return s.toString();
    }
}
