package io.kubelode.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** Events on {@link Topics#LXC}: two unprivileged system containers per node. */
public sealed interface LxcEvent extends KubelodeEvent {

    /**
     * A container and the host uid/gid range its root maps to.
     *
     * @param name     {@code <cluster>-<node>-master} or {@code <cluster>-<node>-worker}
     * @param owner    the host user owning it ({@code k8-master} / {@code k8-worker})
     * @param address  static IPv4 from the address plan
     * @param idmapStart first host uid/gid of the container's map
     * @param idmapSize  size of the map
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Container(String name, String owner, String address, long idmapStart, long idmapSize) {
    }

    /**
     * Both containers of one node run, unprivileged and apart.
     *
     * @param selinux {@code enforcing}, {@code permissive} or {@code disabled}: the state found, not assumed
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LxcReady(String clusterId, int node, Container master, Container worker, String selinux)
            implements LxcEvent {
    }

    /** The containers of one node could not be made. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LxcFailed(String clusterId, int node, String reason, String message) implements LxcEvent, Failure {
    }

    /** Every container and profile of the cluster is gone. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LxcReleased(String clusterId, Cause cause, String reason) implements LxcEvent, Compensation {
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
