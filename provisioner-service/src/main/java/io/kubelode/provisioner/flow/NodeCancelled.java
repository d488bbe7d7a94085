package io.kubelode.provisioner.flow;

/**
 * Not a failure of the node: another node of its cluster failed first, or the cluster is being rolled back
 * or deleted, so this node stopped at its next step. Nothing is published for it.
 */
public class NodeCancelled extends RuntimeException {
    public NodeCancelled(String message, Throwable cause) {
        super(message, cause);
    }

    public NodeCancelled(String message) {
        this(message, null);
    }
}
