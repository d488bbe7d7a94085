package io.kubelode.k8s.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A CA certificate and the key that signs with it. */
public record CertificateAuthority(X509Certificate certificate, PrivateKey key) {

    /** From the PEM kept in a {@link ClusterPki}. */
    public static CertificateAuthority of(String certificatePem, String keyPem) {
        return new CertificateAuthority(Pem.certificate(certificatePem), Pem.privateKey(keyPem));
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + ", key=<sealed>]";
    }
}
