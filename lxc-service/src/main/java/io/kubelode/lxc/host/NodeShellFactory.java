package io.kubelode.lxc.host;

import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.nodeshell.NodeShell;

/**
 * Opens the shell to a provisioned node: SSH to {@code publicIpv4:sshPort} as root with the
 * cluster's client key, accepting only the host key whose fingerprint the event pins.
 */
@FunctionalInterface
public interface NodeShellFactory {
    NodeShell open(NodeProvisioned node);
}
