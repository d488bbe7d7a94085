package io.kubelode.nodeshell.ssh;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Objects;

/**
 * Where and as whom to connect: the host key is pinned (known before the first connection,
 * e.g. because kubelode generated it and installed it through cloud-config), and the client
 * authenticates with a key only.
 *
 * @param host          address or name
 * @param port          SSH port
 * @param user          login user
 * @param hostKey       the only host key accepted
 * @param clientKey     the key pair to authenticate with (in memory only)
 */
public record SshTarget(String host, int port, String user, PublicKey hostKey, KeyPair clientKey) {

    public SshTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(hostKey, "a pinned host key is required");
        Objects.requireNonNull(clientKey, "clientKey");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }

    /** A target whose host key is given as an OpenSSH public key line ({@code ssh-ed25519 AAAA…}). */
    public static SshTarget of(String host, int port, String user, String hostKeyLine, KeyPair clientKey) {
        return new SshTarget(host, port, user, OpenSshKeys.parse(hostKeyLine), clientKey);
    }

    /** SHA256 fingerprint of the pinned host key. */
    public String hostKeyFingerprint() {
        return OpenSshKeys.fingerprint(hostKey);
    }

    /** {@code user@host:port}. */
    public String address() {
        return user + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
        return "SshTarget[" + address() + ", hostKey=" + hostKeyFingerprint() + "]";
    }
}
