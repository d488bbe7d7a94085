package io.kubelode.lxc;

import io.kubelode.lxc.host.LxcStepException;
import io.kubelode.lxc.host.NodeShellFactory;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Until the cluster's SSH client key can be derived here (the provisioner derives it from a
 * master secret in its own module's ClusterKeys), no shell can be opened: every node fails with
 * a clear reason instead of guessing a key. A real factory replaces this default bean.
 */
@ApplicationScoped
public class UnwiredShellFactory {
    /** Reason of LxcFailed while no SSH key source is wired. */
    public static final String NOT_WIRED = "NodeShellNotConfigured";

    @Produces
    @DefaultBean
    @ApplicationScoped
    NodeShellFactory unwired() {
        return node -> {
            throw new LxcStepException(NOT_WIRED, "no SSH client key source is wired into the lxc-service", false);
        };
    }
}
