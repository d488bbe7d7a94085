package io.kubelode.sandbox.kube;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The certificate and key an API server presents, from the PEM files kubelode delivers
 * ({@code apiserver.crt}, {@code apiserver.key}: SEC 1 {@code EC PRIVATE KEY}, PKCS#1 or PKCS#8).
 */
public record ServerIdentity(X509Certificate[] chain, PrivateKey key) {

    /** Parses the PEM texts; fails with a message fit for a kubeadm-like error line. */
    public static ServerIdentity parse(String certificatePem, String keyPem) {
        try {
            var certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.UTF_8)));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("apiserver.crt holds no certificate");
            }
            X509Certificate[] chain = certificates.stream().map(X509Certificate.class::cast)
                    .toArray(X509Certificate[]::new);
            return new ServerIdentity(chain, privateKey(keyPem));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot read the API server certificate or key: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException("apiserver.key holds no private key");
        }
    }

    /** A TLS context presenting this identity. */
    public SSLContext sslContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "sandbox".toCharArray();
            store.setKeyEntry("apiserver", key, password, chain.clone());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /** The leaf certificate. */
    public Certificate leaf() {
        return chain[0];
    }
}
