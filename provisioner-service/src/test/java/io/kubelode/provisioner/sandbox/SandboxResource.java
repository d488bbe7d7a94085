package io.kubelode.provisioner.sandbox;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: a sandbox process with Linode's default delays (2 s provisioning, 3 s
 * boot) and a create limit of 5 per 5 s, and the provisioner pointed at it.
 */
public class SandboxResource implements QuarkusTestResourceLifecycleManager {
    private static volatile Sandbox sandbox;

    /** The running sandbox, for assertions through its admin API. */
    public static Sandbox sandbox() {
        return sandbox;
    }

    @Override
    public Map<String, String> start() {
        sandbox = Sandbox.start("sandbox-provisioning-it", "127.80.0.0/16", 2222, Map.of(
                "kubelode.sandbox.rate-limit.creates", "5",
                "kubelode.sandbox.rate-limit.create-window", "5s"));
        return Map.of(
                "kubelode.provisioner.linode-url", sandbox.apiUrl().toString(),
                "kubelode.provisioner.linode-token", Sandbox.TOKEN,
                "kubelode.provisioner.ssh-port", String.valueOf(sandbox.sshPort()),
                "kubelode.provisioner.create-limit", "5",
                "kubelode.provisioner.create-window", "6s",
                "kubelode.provisioner.backoff-base", "200ms",
                "kubelode.provisioner.backoff-max", "3s");
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
