package io.kubelode.nodeshell.ssh;

import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.nodeshell.NodeShell;
import io.kubelode.nodeshell.ShellException;
import java.time.Duration;

/**
 * SSH to a provisioned node ({@code publicIpv4:sshPort}) with the cluster's client key, accepting
 * only the node's host key. Both keys are derived from the master secret ({@link ClusterKeys});
 * the derived host key must have the fingerprint NodeProvisioned pins, so a master secret that
 * differs from the provisioner's fails at once instead of trusting an unknown host.
 */
public final class NodeShells {
    private final byte[] masterSecret;
    private final String user;
    private final Duration connectTimeout;

    public NodeShells(byte[] masterSecret, String user, Duration connectTimeout) {
        this.masterSecret = masterSecret.clone();
        this.user = user;
        this.connectTimeout = connectTimeout;
    }

    /** A shell on the node; connects on first use. */
    public NodeShell open(NodeProvisioned node) {
        ClusterKeys keys = ClusterKeys.derive(masterSecret, node.clusterId());
        Ed25519Key hostKey = keys.hostKey(node.node());
        if (node.hostKeyFingerprint() != null && !node.hostKeyFingerprint().equals(hostKey.fingerprint())) {
            throw new ShellException("node " + node.node() + ": the pinned host key is not the one kubelode derives;"
                    + " is the master secret the provisioner's?");
        }
        return new SshNodeShell(new SshTarget(node.publicIpv4(), node.sshPort(), user, hostKey.publicKey(),
                keys.clientKey().keyPair()), connectTimeout);
    }
}
