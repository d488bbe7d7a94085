package io.kubelode.network;

import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.support.shell.NodeShell;

/** Opens the shell to a provisioned node; production: {@link SshNodeShells}. */
@FunctionalInterface
public interface NodeShells {
    NodeShell open(NodeProvisioned node);
}
