package io.kubelode.k8s.shell;

import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.nodeshell.NodeShell;

/** Opens the host shell of a provisioned node; production: {@link io.kubelode.nodeshell.ssh.NodeShells}. */
@FunctionalInterface
public interface NodeShells {
    NodeShell open(NodeProvisioned node);
}
