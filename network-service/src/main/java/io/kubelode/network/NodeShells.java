package io.kubelode.network;

import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.support.shell.NodeShell;

/** Opens the shell to a provisioned node; production: {@link io.kubelode.support.ssh.NodeShells}. */
@FunctionalInterface
public interface NodeShells {
    NodeShell open(NodeProvisioned node);
}
