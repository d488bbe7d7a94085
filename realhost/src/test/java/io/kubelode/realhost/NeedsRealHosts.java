package io.kubelode.realhost;

import io.kubelode.hosts.DebianHost;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For checks that start real hosts: skipped where this machine cannot run Debian system
 * containers (not root, no lxc), except in CI ({@code CI=true}), where that fails the check.
 */
public final class NeedsRealHosts implements BeforeEachCallback {
    /**
     * The {@code @ResourceLock} of {@code HostBridge.DEFAULT}, which each check holding it makes and
     * removes: they run one at a time, beside the scenario (junit-platform.properties).
     */
    public static final String DEFAULT_BRIDGE = "kubelode-hosts-default-bridge";

    @Override
    public void beforeEach(ExtensionContext context) {
        require();
    }

    /** Returns when real hosts can run here; aborts the check, or fails it in CI, when they cannot. */
    static void require() {
        String why = DebianHost.unavailableReason();
        Assumptions.assumeTrue(why == null || "true".equals(System.getenv("CI")), "needs root and Debian's lxc: " + why);
        if (why != null) {
            throw new IllegalStateException("in CI this machine must run Debian system containers: " + why);
        }
    }
}
