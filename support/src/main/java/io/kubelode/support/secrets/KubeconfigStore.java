package io.kubelode.support.secrets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The hand-over of a cluster's admin kubeconfig, which never travels on Kafka: the k8s layer
 * writes {@code <dir>/<clusterId>.kubeconfig.sealed} before it publishes ClusterJoined and removes
 * it when its reset completes; the apps layer reads it to deploy, the gateway to serve
 * {@code GET /clusters/{id}/kubeconfig}. All three are given the same directory (a shared volume)
 * and the same seal key ({@code KUBELODE_K8S_SEAL_KEY}); the file is useless without the key.
 */
public final class KubeconfigStore {
    /** The kind of the sealed files: {@code <clusterId>.kubeconfig.sealed}. */
    public static final String KIND = "kubeconfig";

    private final SealedFiles files;

    public KubeconfigStore(Path directory, Sealer sealer) {
        this.files = new SealedFiles(directory, KIND, sealer);
    }

    /** For the writer (the k8s layer): the directory is made and writable, or the service does not start. */
    public KubeconfigStore requireWritable(String setting) {
        files.requireWritable(setting);
        return this;
    }

    /** Saves (atomically replaces) the cluster's admin kubeconfig. */
    public void save(String clusterId, String kubeconfigYaml) {
        files.write(clusterId, kubeconfigYaml.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cluster's admin kubeconfig, or empty when there is none (never joined, or reset).
     *
     * @throws Sealer.SealException when the file does not open with this service's seal key
     */
    public Optional<String> load(String clusterId) {
        return files.read(clusterId).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Removes the cluster's admin kubeconfig; {@code false} when there was none. */
    public boolean delete(String clusterId) {
        return files.delete(clusterId);
    }

    /** The file the cluster's kubeconfig is sealed in (for messages; it may not exist). */
    public Path file(String clusterId) {
        return files.file(clusterId);
    }
}
