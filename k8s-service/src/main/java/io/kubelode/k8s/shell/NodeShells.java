package io.kubelode.k8s.shell;

import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.support.shell.NodeShell;

/** Opens the host shell of a provisioned node; production: {@link io.kubelode.support.ssh.NodeShells}. */
@FunctionalInterface
public interface NodeShells {
    NodeShell open(NodeProvisioned node);
}
