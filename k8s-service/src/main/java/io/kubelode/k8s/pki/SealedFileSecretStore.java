package io.kubelode.k8s.pki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kubelode.support.secrets.SealedFiles;
import io.kubelode.support.secrets.Sealer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One sealed file per cluster in a directory ({@code <clusterId>.pki.sealed}, mode 0600, written
 * atomically by {@link SealedFiles}). The bundle is random key material, so it cannot be
 * re-derived: it is persisted, and a restart (or another replica sharing the volume) reads the
 * same bundle back.
 */
public final class SealedFileSecretStore implements SecretStore {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final SealedFiles files;

    public SealedFileSecretStore(Path directory, Sealer sealer) {
        this.files = new SealedFiles(directory, "pki", sealer).requireWritable("kubelode.k8s.secrets-dir");
    }

    @Override
    public Optional<ClusterPki> load(String clusterId) {
        return files.read(clusterId).map(plain -> {
            try {
                return JSON.readValue(plain, ClusterPki.class);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the sealed PKI of " + clusterId, e);
            }
        });
    }

    @Override
    public void save(ClusterPki pki) {
        try {
            files.write(pki.clusterId(), JSON.writeValueAsBytes(pki));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the PKI of " + pki.clusterId(), e);
        }
    }

    @Override
    public boolean delete(String clusterId) {
        return files.delete(clusterId);
    }
}
