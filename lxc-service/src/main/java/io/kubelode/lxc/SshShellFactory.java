package io.kubelode.lxc;

import io.kubelode.lxc.host.NodeShellFactory;
import io.kubelode.nodeshell.ssh.MasterSecret;
import io.kubelode.nodeshell.ssh.NodeShells;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Production shells: SSH to each provisioned node with the cluster's key derived from the
 * provisioner's master secret, accepting only the host key NodeProvisioned pins. The secret is
 * read when the first node is opened, not at start.
 */
@ApplicationScoped
public class SshShellFactory {

    @Produces
    @DefaultBean
    @ApplicationScoped
    NodeShellFactory ssh(LxcConfig config) {
        return node -> new NodeShells(MasterSecret.load(config.masterSecret(), config.masterSecretFile(), false),
                config.sshUser(), config.connectTimeout()).open(node);
    }
}
