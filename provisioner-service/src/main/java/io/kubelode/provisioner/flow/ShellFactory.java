package io.kubelode.provisioner.flow;

import io.kubelode.nodeshell.NodeShell;
import io.kubelode.nodeshell.ssh.SshTarget;

/** Opens a shell on a node; production uses {@link io.kubelode.nodeshell.ssh.SshNodeShell}. */
@FunctionalInterface
public interface ShellFactory {
    NodeShell open(SshTarget target);
}
