package io.kubelode.provisioner;

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
 * The secret the cluster keys are derived from: the configured value, or else a file that is
 * created once with 32 random bytes (mode 600) and read on every later start.
 */
final class MasterSecret {
    private MasterSecret() {
    }

    static byte[] load(Optional<String> configured, Path file) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return configured.get().getBytes(StandardCharsets.UTF_8);
        }
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] secret = Base64.getDecoder().decode(Files.readString(file).strip());
            if (secret.length < 16) {
                throw new IllegalStateException(file + " holds fewer than 16 bytes of secret");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master secret file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
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
