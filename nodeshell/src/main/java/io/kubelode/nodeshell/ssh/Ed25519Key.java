package io.kubelode.nodeshell.ssh;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import net.schmizz.sshj.common.Ed25519KeyFactory;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;

/**
 * An Ed25519 SSH key held in memory only. It is made from a 32-byte seed, so a key can be
 * derived again after a restart instead of being stored anywhere. {@link #toString()} shows
 * the public fingerprint only; the private key leaves this object only through
 * {@link #keyPair()} (for authentication) and {@link #privateKeyPem()} (for cloud-config).
 */
public final class Ed25519Key {
    /** Length of an Ed25519 seed (RFC 8032 secret key) in bytes. */
    public static final int SEED_LENGTH = 32;

    private final byte[] seed;
    private final KeyPair keyPair;

    private Ed25519Key(byte[] seed) {
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("an ed25519 seed has " + SEED_LENGTH + " bytes, not " + seed.length);
        }
        this.seed = seed.clone();
        byte[] pub = new Ed25519PrivateKeyParameters(this.seed, 0).generatePublicKey().getEncoded();
        try {
            this.keyPair = new KeyPair(Ed25519KeyFactory.getPublicKey(pub), Ed25519KeyFactory.getPrivateKey(this.seed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no Ed25519 support in this JVM", e);
        }
    }

    /** A fresh random key. */
    public static Ed25519Key generate() {
        byte[] seed = new byte[SEED_LENGTH];
        new SecureRandom().nextBytes(seed);
        return new Ed25519Key(seed);
    }

    /** The key whose secret is {@code seed}; the same seed always gives the same key. */
    public static Ed25519Key fromSeed(byte[] seed) {
        return new Ed25519Key(seed);
    }

    /** The JCA key pair, for SSH authentication. */
    public KeyPair keyPair() {
        return keyPair;
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** {@code ssh-ed25519 AAAA… comment}. */
    public String publicKeyLine(String comment) {
        return OpenSshKeys.line(publicKey(), comment);
    }

    /** {@code SHA256:…} of the public key. */
    public String fingerprint() {
        return OpenSshKeys.fingerprint(publicKey());
    }

    /**
     * The private key in OpenSSH's unencrypted {@code openssh-key-v1} PEM form, as cloud-config's
     * {@code ssh_keys.ed25519_private} and sshd's {@code HostKey} file take it. Never log it.
     */
    public String privateKeyPem() {
        byte[] blob;
        try {
            blob = OpenSSHPrivateKeyUtil.encodePrivateKey(new Ed25519PrivateKeyParameters(seed, 0));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode an ed25519 key", e);
        }
        String b64 = Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(blob);
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + b64 + "\n-----END OPENSSH PRIVATE KEY-----\n";
    }

    @Override
    public String toString() {
        return "Ed25519Key[" + fingerprint() + "]";
    }
}
