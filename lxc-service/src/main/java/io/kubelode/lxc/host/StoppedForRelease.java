package io.kubelode.lxc.host;

/**
 * Not a failure of the node: its cluster is being rolled back or released, so its containers are never
 * made ({@link LxcNode#ensure(io.kubelode.nodeshell.NodeShell, io.kubelode.lxc.plan.LxcPlan,
 * java.util.function.BooleanSupplier)}). Nothing is published for it.
 */
public class StoppedForRelease extends RuntimeException {
    public StoppedForRelease(String message) {
        super(message);
    }
}
