package io.kubelode.provisioner.flow;

import io.kubelode.support.shell.NodeShell;
import io.kubelode.support.ssh.SshTarget;

/** Opens a shell on a node; production uses {@link io.kubelode.support.ssh.SshNodeShell}. */
@FunctionalInterface
public interface ShellFactory {
    NodeShell open(SshTarget target);
}
