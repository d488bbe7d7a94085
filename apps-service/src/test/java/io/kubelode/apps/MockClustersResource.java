package io.kubelode.apps;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubelode.support.secrets.KubeconfigStore;
import io.kubelode.support.secrets.Sealer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One CRUD mock API server per test cluster, each with its admin kubeconfig sealed into the
 * directory the service reads from, as the k8s layer hands it over (same {@link KubeconfigStore},
 * a fresh seal key given to the service); short timeouts so the "never ready" case fails in seconds.
 */
public class MockClustersResource implements QuarkusTestResourceLifecycleManager {
    public static final String SUFFIX = UUID.randomUUID().toString().substring(0, 5);
    public static final String DEPLOYED = "flow-ok-" + SUFFIX;
    public static final String STUCK = "flow-stuck-" + SUFFIX;
    /** No kubeconfig is written for this one. */
    public static final String UNREACHABLE = "flow-nokube-" + SUFFIX;
    /** Deployed, then its API server stops before the delete reaches the apps layer. */
    public static final String GONE = "flow-gone-" + SUFFIX;
    /** Its kubeconfig is sealed with another key than the service's. */
    public static final String WRONG_KEY = "flow-wrongkey-" + SUFFIX;
    private static final Map<String, KubernetesMockServer> SERVERS = new ConcurrentHashMap<>();
    private static volatile KubeconfigStore store;

    public static KubernetesMockServer server(String clusterId) {
        return SERVERS.get(clusterId);
    }

    /** Stops the API server of {@code clusterId}: nothing answers at its kubeconfig's server any more. */
    public static void stopServer(String clusterId) {
        SERVERS.remove(clusterId).destroy();
    }

    /** The store the service reads from, with the service's key. */
    public static KubeconfigStore store() {
        return store;
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
        String key = randomKey();
        store = new KubeconfigStore(dir, Sealer.ofBase64(key, new SecureRandom()));
        for (String id : new String[] {DEPLOYED, STUCK, GONE}) {
            KubernetesMockServer server = MockApi.start();
            SERVERS.put(id, server);
            store.save(id, MockApi.kubeconfig(server, id));
        }
        new KubeconfigStore(dir, Sealer.ofBase64(randomKey(), new SecureRandom()))
                .save(WRONG_KEY, MockApi.kubeconfig(SERVERS.get(DEPLOYED), WRONG_KEY));
        return Map.of("kubelode.apps.kubeconfig-dir", dir.toString(),
                "kubelode.apps.seal-key", key,
                "kubelode.apps.ready-timeout", "PT10S",
                "kubelode.apps.spec-wait", "PT30S",
                "kubelode.apps.volumes-timeout", "PT2S",
                "kubelode.apps.poll-first", "PT0.2S",
                "kubelode.apps.poll-max", "PT1S");
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Override
    public void stop() {
        SERVERS.values().forEach(KubernetesMockServer::destroy);
        SERVERS.clear();
    }
}
