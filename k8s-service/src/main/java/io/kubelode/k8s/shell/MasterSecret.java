package io.kubelode.k8s.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * kubelode's master secret, shared with the provisioner (the SSH keys are derived from it): the
 * configured value, or else the provisioner's secret file. The network layer never creates the
 * file: a secret of its own would derive SSH keys no node accepts.
 */
public final class MasterSecret {
    private MasterSecret() {
    }

    public static byte[] load(Optional<String> configured, Path file) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return configured.get().getBytes(StandardCharsets.UTF_8);
        }
        try {
            byte[] secret = Base64.getDecoder().decode(Files.readString(file).strip());
            if (secret.length < 16) {
                throw new IllegalStateException(file + " holds fewer than 16 bytes of secret");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("set KUBELODE_MASTER_SECRET or let the provisioner create " + file, e);
        }
    }
}
