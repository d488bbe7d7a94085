package io.kubelode.nodeshell.ssh;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.List;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Accepts exactly one host key, known before the first connection. There is no
 * trust-on-first-use and no fallback: any other key fails the key exchange.
 */
final class PinnedHostKeyVerifier implements HostKeyVerifier {
    private final byte[] pinned;
    private final String algorithm;

    PinnedHostKeyVerifier(PublicKey pinned) {
        this.pinned = OpenSshKeys.wireBytes(pinned);
        this.algorithm = KeyType.fromKey(pinned).toString();
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        return MessageDigest.isEqual(pinned, OpenSshKeys.wireBytes(key));
    }

    /** Asks the server for the pinned key's algorithm first, so a server with several host keys presents that one. */
    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        return List.of(algorithm);
    }
}
