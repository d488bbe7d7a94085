package io.kubelode.apps;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One CRUD mock API server per test cluster, each with its kubeconfig in the directory the
 * service reads kubeconfigs from; short timeouts so the "never ready" case fails in seconds.
 */
public class MockClustersResource implements QuarkusTestResourceLifecycleManager {
    public static final String SUFFIX = UUID.randomUUID().toString().substring(0, 5);
    public static final String DEPLOYED = "flow-ok-" + SUFFIX;
    public static final String STUCK = "flow-stuck-" + SUFFIX;
    /** No kubeconfig is written for this one. */
    public static final String UNREACHABLE = "flow-nokube-" + SUFFIX;
    private static final Map<String, KubernetesMockServer> SERVERS = new ConcurrentHashMap<>();

    public static KubernetesMockServer server(String clusterId) {
        return SERVERS.get(clusterId);
    }

    @Override
    public Map<String, String> start() {
        MockApi.quiet();
        Path dir;
        try {
            Files.createDirectories(Path.of("target"));
            dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "kubeconfigs-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String id : new String[] {DEPLOYED, STUCK}) {
            KubernetesMockServer server = MockApi.start();
            SERVERS.put(id, server);
            MockApi.writeKubeconfig(server, dir, id);
        }
        return Map.of("kubelode.apps.kubeconfig-dir", dir.toString(),
                "kubelode.apps.ready-timeout", "PT10S",
                "kubelode.apps.spec-wait", "PT30S",
                "kubelode.apps.volumes-timeout", "PT2S",
                "kubelode.apps.poll-first", "PT0.2S",
                "kubelode.apps.poll-max", "PT1S");
    }

    @Override
    public void stop() {
        SERVERS.values().forEach(KubernetesMockServer::destroy);
        SERVERS.clear();
    }
}
