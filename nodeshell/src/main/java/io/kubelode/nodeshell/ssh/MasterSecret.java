package io.kubelode.nodeshell.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * kubelode's master secret, which the cluster SSH keys are derived from ({@link ClusterKeys}):
 * the configured value ({@code KUBELODE_MASTER_SECRET}), or else a file holding 32 random bytes
 * in base64 (mode 600). Only the provisioner creates the file; every other layer only reads it,
 * since a secret of its own would derive keys that no node accepts.
 */
public final class MasterSecret {
    private MasterSecret() {
    }

    /** The configured secret, or the file's; the file is created first when {@code create} is set. */
    public static byte[] load(Optional<String> configured, Path file, boolean create) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return configured.get().getBytes(StandardCharsets.UTF_8);
        }
        try {
            if (create && !Files.exists(file)) {
                createFile(file);
            }
            byte[] secret = Base64.getDecoder().decode(Files.readString(file).strip());
            if (secret.length < ClusterKeys.MIN_SECRET_BYTES) {
                throw new IllegalStateException(file + " holds fewer than " + ClusterKeys.MIN_SECRET_BYTES
                        + " bytes of secret");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException(create ? "cannot read or create the master secret file " + file
                    : "set KUBELODE_MASTER_SECRET or let the provisioner create " + file, e);
        }
    }

    private static void createFile(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Base64.getEncoder().encodeToString(secret) + "\n");
        } catch (FileAlreadyExistsException raced) {
            // another replica made it first; read theirs
        }
    }
}
