package io.kubelode.gateway;

import io.kubelode.testkit.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/** The sandbox as its own process, standing in for Linode, and the gateway's preflight pointed at it. */
public class SandboxLinode implements QuarkusTestResourceLifecycleManager {
    static final String TOKEN = "gateway-preflight-token";
    private static volatile ServiceProcess sandbox;

    static String apiUrl() {
        return sandbox.url("/v4").toString();
    }

    @Override
    public Map<String, String> start() {
        sandbox = ServiceProcess.start("sandbox-gateway-preflight", Path.of("../sandbox"), Map.of(
                "kubelode.sandbox.tokens", TOKEN,
                "kubelode.sandbox.network.public-ipv4-range", "127.84.0.0/16",
                "kubelode.sandbox.network.ssh-port", "2222"), Path.of("target/sandbox-logs"));
        return Map.of("kubelode.gateway.linode-url", apiUrl(), "kubelode.gateway.linode-token", TOKEN);
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
