package io.kubelode.network.plan;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Base64;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A WireGuard key pair: Curve25519 (X25519), each key the base64 of its raw 32 bytes, exactly as
 * {@code wg genkey | wg pubkey} writes them. {@link #toString()} never shows the private key.
 *
 * @param publicKey  base64 public key, safe to publish
 * @param privateKey base64 private key: only ever inside a script sent on a node shell's stdin
 */
public record MeshKey(String publicKey, String privateKey) {

    private static final String DERIVATION = "kubelode/network/wireguard/v1";

    /** A fresh random key pair from the JDK's X25519 generator. */
    public static MeshKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("X25519").generateKeyPair();
            byte[] scalar = ((XECPrivateKey) pair.getPrivate()).getScalar().orElseThrow();
            return new MeshKey(base64(littleEndian(((XECPublicKey) pair.getPublic()).getU())), base64(clamp(scalar)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no X25519", e);
        }
    }

    /**
     * The key pair of one node, derived from a secret seed with HMAC-SHA256 so that the same node
     * of the same cluster always gets the same key: a restarted service re-derives it instead of
     * storing private keys anywhere (Kafka, disk, memory beyond one apply).
     */
    public static MeshKey derive(byte[] seed, String clusterId, int node) {
        if (seed == null || seed.length < 32) {
            throw new IllegalArgumentException("the mesh key seed must have at least 32 bytes");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed, "HmacSHA256"));
            byte[] scalar = clamp(mac.doFinal((DERIVATION + "\0" + clusterId + "\0" + node)
                    .getBytes(StandardCharsets.UTF_8)));
            return new MeshKey(base64(publicOf(scalar)), base64(scalar));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive a mesh key", e);
        }
    }

    /** The public key of a base64 private key (what {@code wg pubkey} prints). */
    public static String publicKeyOf(String privateKey) {
        try {
            return base64(publicOf(clamp(Base64.getDecoder().decode(privateKey))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute a public key", e);
        }
    }

    /** Whether {@code text} is the base64 of exactly 32 bytes, the form of every WireGuard key. */
    public static boolean isKey(String text) {
        if (text == null || text.length() != 44 || !text.endsWith("=")) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(text).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // X25519(k, 9): the public key is the scalar multiple of the base point, which the JDK computes
    // as the key agreement of the private key with the base point's "public key".
    private static byte[] publicOf(byte[] scalar) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("XDH");
        PrivateKey privateKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
        PublicKey basePoint = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                BigInteger.valueOf(9)));
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(privateKey);
        agreement.doPhase(basePoint, true);
        return agreement.generateSecret();
    }

    private static byte[] clamp(byte[] raw) {
        byte[] k = raw.clone();
        k[0] &= (byte) 248;
        k[31] &= (byte) 127;
        k[31] |= (byte) 64;
        return k;
    }

    private static byte[] littleEndian(BigInteger u) {
        byte[] big = u.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < big.length; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }

    private static String base64(byte[] raw) {
        return Base64.getEncoder().encodeToString(raw);
    }

    @Override
    public String toString() {
        return "MeshKey[publicKey=" + publicKey + ", privateKey=<redacted>]";
    }
}
