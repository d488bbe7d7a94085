package io.kubelode.k8s.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * The CA public key pin that {@code kubeadm join --discovery-token-ca-cert-hash} expects:
 * {@code sha256:} and the hex SHA-256 of the CA's DER SubjectPublicKeyInfo (RFC 7469 style).
 */
public final class DiscoveryHash {
    private DiscoveryHash() {
    }

    /** The pin of {@code ca}. */
    public static String of(X509Certificate ca) {
        try {
            byte[] spki = ca.getPublicKey().getEncoded();
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
