package io.kubelode.apps.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code <dir>/<clusterId>.kubeconfig}. */
public final class FileKubeconfigSource implements KubeconfigSource {
    private static final Pattern CLUSTER_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private final Path directory;

    public FileKubeconfigSource(Path directory) {
        this.directory = directory;
    }

    @Override
    public Optional<String> kubeconfig(String clusterId) {
        if (!CLUSTER_ID.matcher(clusterId).matches()) {
            throw new IllegalArgumentException("not a cluster id: " + clusterId);
        }
        Path file = directory.resolve(clusterId + ".kubeconfig");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kubeconfig of " + clusterId, e);
        }
    }
}
