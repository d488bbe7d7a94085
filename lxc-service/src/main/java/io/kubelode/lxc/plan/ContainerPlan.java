package io.kubelode.lxc.plan;

/**
 * One of a node's two system containers.
 *
 * @param name    {@code <cluster>-<node>-master} or {@code <cluster>-<node>-worker}
 * @param owner   the host user whose subordinate id range the container's root maps to
 * @param address its static IPv4 address from the address plan
 */
public record ContainerPlan(String name, String owner, String address) {
}
