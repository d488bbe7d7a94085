package io.kubelode.k8s.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;

/** PEM text in and out, in the formats kubeadm and kube-apiserver read. */
public final class Pem {
    private Pem() {
    }

    /** A certificate as {@code CERTIFICATE} PEM. */
    public static String of(X509Certificate certificate) {
        return write(certificate);
    }

    /**
     * A private key in the traditional form kubeadm writes for ECDSA ({@code EC PRIVATE KEY}, SEC 1):
     * kube-apiserver and kubeadm read it, and so does the Fabric8 client, which cannot read an EC key
     * as PKCS#8 {@code PRIVATE KEY} from a kubeconfig.
     */
    public static String ofPrivate(PrivateKey key) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            try {
                return write(new JcaPKCS8Generator(key, null).generate());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            // the JDK keeps the curve only in the PKCS#8 algorithm identifier: SEC 1 needs it inside
            ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
            BigInteger d = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
            X9ECParameters params = ECNamedCurveTable.getByOID(curve);
            byte[] point = params.getG().multiply(d).normalize().getEncoded(false);
            var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(params.getN().bitLength(), d,
                    new DERBitString(point), curve);
            return write(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A public key as PKIX {@code PUBLIC KEY} PEM (the form of kubeadm's {@code sa.pub}). */
    public static String ofPublic(PublicKey key) {
        return write(key);
    }

    /** Reads a {@code CERTIFICATE} PEM. */
    public static X509Certificate certificate(String pem) {
        Object o = read(pem);
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException("not a certificate PEM");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("unreadable certificate", e);
        }
    }

    /** Reads a private key PEM (PKCS#8 or traditional). */
    public static PrivateKey privateKey(String pem) {
        Object o = read(pem);
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable private key", e);
        }
        throw new IllegalArgumentException("not a private key PEM");
    }

    /** Reads a {@code PUBLIC KEY} PEM. */
    public static PublicKey publicKey(String pem) {
        Object o = read(pem);
        try {
            if (o instanceof SubjectPublicKeyInfo info) {
                return new JcaPEMKeyConverter().getPublicKey(info);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable public key", e);
        }
        throw new IllegalArgumentException("not a public key PEM");
    }

    /** Reads a key pair from its private and public PEM. */
    public static KeyPair keyPair(String privatePem, String publicPem) {
        return new KeyPair(publicKey(publicPem), privateKey(privatePem));
    }

    private static Object read(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return parser.readObject();
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable PEM", e);
        }
    }

    private static String write(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
