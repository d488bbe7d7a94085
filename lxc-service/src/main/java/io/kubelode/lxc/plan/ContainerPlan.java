package io.kubelode.lxc.plan;

/**
 * One of a node's two system containers.
 *
 * @param name       {@code <cluster>-<node>-master} or {@code <cluster>-<node>-worker}
 * @param role       {@value LxcPlan#MASTER} or {@value LxcPlan#WORKER}
 * @param address    its static IPv4 address from the address plan
 * @param idmapStart the first host uid/gid its root maps to (the role's range, delegated to root)
 * @param idmapSize  the size of that range
 */
public record ContainerPlan(String name, String role, String address, long idmapStart, long idmapSize) {

    /** The range as the scripts take it, {@code start:count}. */
    public String range() {
        return idmapStart + ":" + idmapSize;
    }
}
