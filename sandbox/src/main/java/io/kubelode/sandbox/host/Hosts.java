package io.kubelode.sandbox.host;

import io.kubelode.sandbox.admin.AdminResource;
import io.kubelode.sandbox.cloud.Instance;
import io.kubelode.sandbox.kube.ClusterApis;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/**
 * Every instance as a Debian host from the point of view of kubelode's scripts: a state model per
 * instance, and for each script it knows by its declared name ({@code # kubelode: NAME} in its first
 * lines, as the real machines' ssh gate reads it) the answer a real host gives —
 * stdout facts, the last line {@code kubelode:changed|unchanged}, stderr notes, exit status.
 * Nothing is executed. A script it does not know gets no answer here (the caller's generic one
 * applies). One script at a time per instance, as the state is the host's.
 */
@ApplicationScoped
public class Hosts implements AdminResource.Resettable {
    private final Map<Long, HostState> hosts = new ConcurrentHashMap<>();
    private final KubeadmScripts kubeadm;
    private final ClusterApis apis;

    public Hosts(ClusterApis apis) {
        this.apis = apis;
        this.kubeadm = new KubeadmScripts(apis);
    }

    /** The host's answer to a script, or empty when it is not one of kubelode's known scripts. */
    public Optional<HostReply> answer(Instance instance, String text) {
        HostState host = hosts.computeIfAbsent(instance.id(), id -> new HostState());
        synchronized (host) {
            ScriptText s = new ScriptText(text);
            Optional<Matcher> k8s = KubeadmScripts.header(text);
            if (k8s.isPresent()) {
                return kubeadm.answer(instance, host, s, k8s.get().group(1), k8s.get().group(2));
            }
            // by the name the script declares, as the real machines' ssh gate knows it; never by its text
            return switch (ScriptText.declaredName(text).orElse("")) {
                case "base-role.sh" -> Optional.of(BaseRole.answer(host, s));
                case "lxd-host.sh" -> Optional.of(Lxd.host(host, s));
                case "lxd-containers.sh" -> Optional.of(Lxd.containers(host, s));
                case "lxd-release.sh" -> Optional.of(Lxd.release(host, s, c -> kubeadm.lost(instance, c)));
                case "mesh-apply.sh" -> Optional.of(MeshScripts.apply(host, s));
                case "mesh-remove.sh" -> Optional.of(MeshScripts.remove(host));
                default -> Optional.empty();
            };
        }
    }

    /** A fault failed this script: whatever it would leave behind half-done stays. */
    public void failed(Instance instance, String text) {
        HostState host = hosts.get(instance.id());
        if (host == null) {
            return;
        }
        synchronized (host) {
            KubeadmScripts.header(text).ifPresent(m -> kubeadm.failedHalfway(instance, host, m.group(1), m.group(2)));
        }
    }

    /** The instance was deleted: its state goes, its nodes stop reporting, an API it served stops. */
    public void forget(Instance instance) {
        HostState host = hosts.remove(instance.id());
        if (host != null) {
            synchronized (host) {
                host.containers.values().forEach(c -> kubeadm.lost(instance, c));
            }
        }
        apis.instanceGone(instance.id());
    }

    /** What the admin API shows of a host. */
    public record ContainerView(String name, String role, String address, boolean running, boolean prepared,
                                String join, boolean pki) {}

    public record HostView(Map<String, List<String>> subids, String bridgeCidr,
                           List<ContainerView> containers, String meshAddress, List<String> routes) {}

    public Optional<HostView> view(long instanceId) {
        HostState h = hosts.get(instanceId);
        if (h == null) {
            return Optional.empty();
        }
        synchronized (h) {
            return Optional.of(new HostView(Map.of("subuid", List.copyOf(h.subids.get("subuid")), "subgid", List.copyOf(h.subids.get("subgid"))),
                    h.bridgeCidr, h.containers.values().stream().map(c -> new ContainerView(c.name, c.role, c.address,
                            c.running, c.prepared != null, c.join.name().toLowerCase(), !c.pki.isEmpty())).toList(),
                    h.mesh == null ? null : h.mesh.address(), h.mesh == null ? List.of() : List.copyOf(h.mesh.routes())));
        }
    }

    @Override
    public void reset() {
        hosts.clear();
    }
}
