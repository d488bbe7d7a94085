package io.kubelode.k8s.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Mints a cluster's PKI the way kubeadm would (same subjects, key usages, validity), with
 * ECDSA P-256 keys ({@code encryptionAlgorithm: ECDSA-P256} in the ClusterConfiguration makes
 * kubeadm generate the rest of the per-node certificates with the same algorithm).
 */
public final class PkiMinter {
    /** kubeadm's CA validity. */
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** kubeadm's leaf certificate validity. */
    public static final Duration LEAF_VALIDITY = Duration.ofDays(365);
    /** kubeadm back-dates certificates by this much against clock skew. */
    public static final Duration BACKDATE = Duration.ofMinutes(5);
    /** The group kubeadm (1.29+) binds to cluster-admin for {@code admin.conf}. */
    public static final String ADMIN_GROUP = "kubeadm:cluster-admins";
    /** The admin user kubeadm names in {@code admin.conf}. */
    public static final String ADMIN_USER = "kubernetes-admin";
    private static final String SIGNATURE = "SHA256withECDSA";

    private final SecureRandom random;
    private final Clock clock;

    public PkiMinter(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /** A whole new bundle. */
    public ClusterPki mint(String clusterId, SubjectAltNames apiServerNames, Duration tokenTtl) {
        CertificateAuthority ca = selfSigned("kubernetes");
        CertificateAuthority etcd = selfSigned("etcd-ca");
        CertificateAuthority frontProxy = selfSigned("front-proxy-ca");
        KeyPair serviceAccount = newKey();
        Leaf apiServer = apiServer(ca, apiServerNames);
        Leaf admin = leaf(ca, subject(ADMIN_USER, ADMIN_GROUP), KeyPurposeId.id_kp_clientAuth, null);
        byte[] certificateKey = new byte[32];
        random.nextBytes(certificateKey);
        return new ClusterPki(clusterId, Pem.of(ca.certificate()), Pem.ofPrivate(ca.key()),
                Pem.of(etcd.certificate()), Pem.ofPrivate(etcd.key()), Pem.of(frontProxy.certificate()),
                Pem.ofPrivate(frontProxy.key()), Pem.ofPrivate(serviceAccount.getPrivate()),
                Pem.ofPublic(serviceAccount.getPublic()), apiServer.certificatePem(), apiServer.keyPem(),
                admin.certificatePem(), admin.keyPem(), BootstrapToken.mint(random, clock.instant(), tokenTtl),
                HexFormat.of().formatHex(certificateKey));
    }

    /** A new API server serving certificate from the bundle's CA, e.g. when a node was added. */
    public ClusterPki reissueApiServer(ClusterPki pki, SubjectAltNames apiServerNames) {
        Leaf apiServer = apiServer(pki.clusterCa(), apiServerNames);
        return pki.withApiServer(apiServer.certificatePem(), apiServer.keyPem());
    }

    /** The bundle with a fresh bootstrap token. */
    public ClusterPki remintToken(ClusterPki pki, Duration tokenTtl) {
        return pki.withToken(BootstrapToken.mint(random, clock.instant(), tokenTtl));
    }

    /** The names in a certificate's subjectAltName extension. */
    public static SubjectAltNames namesOf(X509Certificate certificate) {
        List<String> ips = new ArrayList<>();
        List<String> dns = new ArrayList<>();
        try {
            var names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    int type = (Integer) name.get(0);
                    if (type == GeneralName.iPAddress) {
                        ips.add((String) name.get(1));
                    } else if (type == GeneralName.dNSName) {
                        dns.add((String) name.get(1));
                    }
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("unreadable subjectAltName", e);
        }
        return new SubjectAltNames(ips, dns);
    }

    private Leaf apiServer(CertificateAuthority ca, SubjectAltNames names) {
        List<GeneralName> sans = new ArrayList<>();
        names.dnsNames().forEach(n -> sans.add(new GeneralName(GeneralName.dNSName, n)));
        names.ipAddresses().forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
        return leaf(ca, subject("kube-apiserver", null), KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(sans.toArray(GeneralName[]::new)));
    }

    private CertificateAuthority selfSigned(String commonName) {
        KeyPair key = newKey();
        X500Name name = subject(commonName, null);
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), name, key.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(
                            KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(key.getPublic()));
            return new CertificateAuthority(sign(b, key), key.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot mint CA " + commonName, e);
        }
    }

    private Leaf leaf(CertificateAuthority ca, X500Name subject, KeyPurposeId purpose, GeneralNames sans) {
        KeyPair key = newKey();
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(LEAF_VALIDITY)), subject, key.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(ca.certificate()));
            if (sans != null) {
                b.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            return new Leaf(Pem.of(sign(b, new KeyPair(ca.certificate().getPublicKey(), ca.key()))),
                    Pem.ofPrivate(key.getPrivate()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot mint certificate " + subject, e);
        }
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws CertificateException {
        try {
            var contentSigner = new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no " + SIGNATURE + " signer", e);
        }
    }

    private KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 in this JVM", e);
        }
    }

    private BigInteger serial() {
        return new BigInteger(63, random).add(BigInteger.ONE);
    }

    private static X500Name subject(String commonName, String organisation) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        if (organisation != null) {
            b.addRDN(BCStyle.O, organisation);
        }
        return b.addRDN(BCStyle.CN, commonName).build();
    }

    private record Leaf(String certificatePem, String keyPem) {
        @Override
        public String toString() {
            return "Leaf[key=<sealed>]";
        }
    }
}
