package io.kubelode.support.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 96-bit nonce per seal; the additional authenticated data binds a
 * sealed blob to its purpose (e.g. the cluster id), so one cluster's blob cannot be passed off as
 * another's. Format: version byte, nonce, ciphertext with tag. One key ({@code KUBELODE_K8S_SEAL_KEY})
 * seals everything kubelode keeps at rest: the k8s layer's PKI and the admin kubeconfigs it hands
 * to the apps layer and the gateway ({@link KubeconfigStore}).
 */
public final class Sealer {
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    public Sealer(byte[] key, SecureRandom random) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the seal key must be 32 bytes (256 bits), was " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.random = random;
    }

    /** A sealer whose key is given as base64 (e.g. {@code KUBELODE_K8S_SEAL_KEY}, from {@code openssl rand -base64 32}). */
    public static Sealer ofBase64(String key, SecureRandom random) {
        try {
            return new Sealer(Base64.getDecoder().decode(key.strip()), random);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the seal key is not base64 of 32 bytes", e);
        }
    }

    /**
     * The sealer for a required configured key: fails at start-up, naming {@code property}, when the
     * key is absent, blank or not base64 of 32 bytes.
     */
    public static Sealer required(Optional<String> key, String property) {
        String k = key.filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalStateException(property
                + " (KUBELODE_K8S_SEAL_KEY) is required: base64 of 32 random bytes, the same for every service"));
        try {
            return ofBase64(k, new SecureRandom());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " (KUBELODE_K8S_SEAL_KEY): " + e.getMessage(), e);
        }
    }

    /** Seals {@code plain} for {@code purpose}. */
    public byte[] seal(byte[] plain, String purpose) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, nonce, purpose);
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    /** Opens what {@link #seal} made for the same purpose; fails on a wrong key, purpose or any tampering. */
    public byte[] open(byte[] sealed, String purpose) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new SealException("not a kubelode sealed blob");
        }
        ByteBuffer in = ByteBuffer.wrap(sealed, 1, sealed.length - 1);
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        byte[] body = new byte[in.remaining()];
        in.get(body);
        try {
            return cipher(Cipher.DECRYPT_MODE, nonce, purpose).doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new SealException("the sealed blob does not open with this key for " + purpose);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String purpose) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
        return c;
    }

    /** A blob could not be opened: wrong key, wrong purpose, or tampered with. Permanent. */
    public static class SealException extends RuntimeException {
        public SealException(String message) {
            super(message);
        }
    }
}
