package io.kubelode.network;

import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.nodeshell.NodeShell;

/** Opens the shell to a provisioned node; production: {@link io.kubelode.nodeshell.ssh.NodeShells}. */
@FunctionalInterface
public interface NodeShells {
    NodeShell open(NodeProvisioned node);
}
