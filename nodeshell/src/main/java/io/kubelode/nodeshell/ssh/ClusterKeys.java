package io.kubelode.nodeshell.ssh;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-cluster SSH keys, derived (not stored): HKDF-SHA256 (RFC 5869) of the configured
 * master secret, with the cluster id and the key's purpose as {@code info}, gives the 32-byte
 * Ed25519 seed. The same master secret and cluster id give the same keys after any restart, so
 * no private key is ever written to Kafka or disk; a different cluster id gives unrelated keys.
 * The provisioner installs these keys; every later layer derives the same ones to log in.
 */
public final class ClusterKeys {
    private static final byte[] SALT = "kubelode/provisioner/v1".getBytes(StandardCharsets.UTF_8);
    /** At least this many bytes of master secret. */
    public static final int MIN_SECRET_BYTES = 16;

    private final byte[] prk;
    private final String clusterId;

    private ClusterKeys(byte[] masterSecret, String clusterId) {
        if (masterSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the master secret needs at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.prk = hmac(SALT, masterSecret);
        this.clusterId = clusterId;
    }

    public static ClusterKeys derive(byte[] masterSecret, String clusterId) {
        return new ClusterKeys(masterSecret, clusterId);
    }

    /** The key kubelode logs in with on every node of the cluster. */
    public Ed25519Key clientKey() {
        return Ed25519Key.fromSeed(expand("ssh-client-key/" + clusterId));
    }

    /** The SSH host key of node {@code node}, installed through cloud-config and pinned from then on. */
    public Ed25519Key hostKey(int node) {
        return Ed25519Key.fromSeed(expand("ssh-host-key/" + clusterId + "/" + node));
    }

    /** HKDF-Expand for one 32-byte block. */
    private byte[] expand(String info) {
        byte[] infoBytes = info.getBytes(StandardCharsets.UTF_8);
        byte[] input = Arrays.copyOf(infoBytes, infoBytes.length + 1);
        input[infoBytes.length] = 1;
        return hmac(prk, input);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ClusterKeys[" + clusterId + "]";
    }
}
