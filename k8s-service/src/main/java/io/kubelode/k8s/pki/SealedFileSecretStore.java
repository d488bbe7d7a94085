package io.kubelode.k8s.pki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One sealed file per cluster in a directory ({@code <clusterId>.pki.sealed}, mode 0600), written
 * atomically. The bundle is random key material, so it cannot be re-derived: it is persisted,
 * and a restart (or another replica sharing the volume) reads the same bundle back.
 */
public final class SealedFileSecretStore implements SecretStore {
    private static final Pattern CLUSTER_ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final Path directory;
    private final Sealer sealer;

    public SealedFileSecretStore(Path directory, Sealer sealer) {
        this.directory = directory;
        this.sealer = sealer;
    }

    @Override
    public Optional<ClusterPki> load(String clusterId) {
        Path file = file(clusterId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            byte[] plain = sealer.open(Files.readAllBytes(file), purpose(clusterId));
            return Optional.of(JSON.readValue(plain, ClusterPki.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sealed PKI of " + clusterId, e);
        }
    }

    @Override
    public void save(ClusterPki pki) {
        Path file = file(pki.clusterId());
        try {
            Files.createDirectories(directory);
            byte[] sealed = sealer.seal(JSON.writeValueAsBytes(pki), purpose(pki.clusterId()));
            Path tmp = Files.createTempFile(directory, ".pki", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, sealed);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the PKI of " + pki.clusterId(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sealed PKI of " + pki.clusterId(), e);
        }
    }

    @Override
    public boolean delete(String clusterId) {
        try {
            return Files.deleteIfExists(file(clusterId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the sealed PKI of " + clusterId, e);
        }
    }

    private Path file(String clusterId) {
        if (clusterId == null || !CLUSTER_ID.matcher(clusterId).matches()) {
            throw new IllegalArgumentException("not a cluster id: " + clusterId);
        }
        return directory.resolve(clusterId + ".pki.sealed");
    }

    private static String purpose(String clusterId) {
        return "kubelode-pki:" + clusterId;
    }
}
