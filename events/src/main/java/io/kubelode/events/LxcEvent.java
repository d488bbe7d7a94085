package io.kubelode.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** Events on {@link Topics#LXC}: two unprivileged system containers per node. */
public sealed interface LxcEvent extends KubelodeEvent {

    /**
     * A container and the host uid/gid range its root maps to.
     *
     * @param name     {@code <cluster>-<node>-master} or {@code <cluster>-<node>-worker}
     * @param role     {@code master} (the control plane) or {@code worker}: which of root's two delegated id
     *                 ranges its root maps to (no host user owns a container: see lxc-service/README.md)
     * @param address  static IPv4 from the address plan
     * @param idmapStart first host uid/gid of the container's map
     * @param idmapSize  size of the map
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Container(String name, String role, String address, long idmapStart, long idmapSize) {
    }

    /**
     * Both containers of one node run, unprivileged and apart.
     *
     * @param selinux {@code enforcing}, {@code permissive} or {@code disabled}: the state found, not assumed
     * @param walls   what keeps the two containers apart on this node, as found on the host, in this order:
     *                {@value #IDMAP} (always: the kernel's uid maps of both running containers are the disjoint
     *                ranges asked for), {@value #APPARMOR} (only when the host kernel has AppArmor enabled and
     *                both containers' init processes run confined by their LXD profile carrying kubelode's
     *                rules against the other container), {@value #SELINUX} (only when SELinux is enforcing and
     *                both containers have their own context). A record written before this field existed reads
     *                as the walls that producer made: the id maps, and SELinux contexts where it was enforcing.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LxcReady(String clusterId, int node, Container master, Container worker, String selinux,
                    List<String> walls) implements LxcEvent {
        /** Disjoint id maps, checked against the running containers' {@code /proc/<pid>/uid_map}. */
        public static final String IDMAP = "idmap";
        /** Per-container AppArmor profiles denying the other container's storage and processes, enforced. */
        public static final String APPARMOR = "apparmor";
        /** Per-container SELinux contexts, with SELinux enforcing. */
        public static final String SELINUX = "selinux";

        public LxcReady {
            walls = walls == null ? before(selinux) : List.copyOf(walls);
        }

        /** An LxcReady with the walls the id maps and the SELinux state alone give. */
        public LxcReady(String clusterId, int node, Container master, Container worker, String selinux) {
            this(clusterId, node, master, worker, selinux, null);
        }

        private static List<String> before(String selinux) {
            return "enforcing".equals(selinux) ? List.of(IDMAP, SELINUX) : List.of(IDMAP);
        }
    }

    /** The containers of one node could not be made. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LxcFailed(String clusterId, int node, FailureReason reason, String message) implements LxcEvent, Failure {
    }

    /** Every container and profile of the cluster is gone. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LxcReleased(String clusterId, Cause cause, FailureReason reason) implements LxcEvent, Compensation {
    }

    /**
     * A scale-down's fourth step: the leaving nodes' containers, profiles and bridges are gone.
     * Not a compensation: the remaining nodes keep theirs.
     *
     * @param nodes the leaving node indexes
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LxcNodesReleased(String clusterId, List<Integer> nodes) implements LxcEvent {
    }
}
