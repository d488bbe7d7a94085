package io.kubelode.k8s.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The minted PKI, checked with the real {@code openssl} CLI rather than with the code that made it. */
class PkiOpensslTest {
    static final List<String> NODE_IPS = List.of("203.0.113.11", "203.0.113.12", "203.0.113.13");
    static final List<String> CONTAINER_IPS = List.of("10.100.1.2", "10.100.1.3", "10.100.2.2", "10.100.2.3",
            "10.100.3.2", "10.100.3.3");
    static final String ENDPOINT = "api.homelab.kubelode.internal";
    static final List<String> NODE_NAMES = List.of("homelab-1-master", "homelab-2-master", "homelab-3-master");

    @TempDir
    static Path dir;
    static ClusterPki pki;
    static Openssl ssl;

    @BeforeAll
    static void mint() throws IOException {
        SubjectAltNames names = SubjectAltNames.of(NODE_NAMES, NODE_IPS, CONTAINER_IPS, "10.102.0.1", ENDPOINT);
        pki = new PkiMinter(new SecureRandom(), Clock.systemUTC()).mint("homelab", names, Duration.ofHours(2));
        write("ca.crt", pki.caCert());
        write("ca.key", pki.caKey());
        write("etcd-ca.crt", pki.etcdCaCert());
        write("etcd-ca.key", pki.etcdCaKey());
        write("front-proxy-ca.crt", pki.frontProxyCaCert());
        write("front-proxy-ca.key", pki.frontProxyCaKey());
        write("sa.key", pki.serviceAccountKey());
        write("sa.pub", pki.serviceAccountPub());
        write("apiserver.crt", pki.apiServerCert());
        write("apiserver.key", pki.apiServerKey());
        write("admin.crt", pki.adminCert());
        write("admin.key", pki.adminKey());
        ssl = new Openssl(dir);
    }

    static void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    @Test
    void leafCertificatesVerifyAgainstTheClusterCaOnly() {
        assertThat(ssl.openssl("verify", "-CAfile", "ca.crt", "apiserver.crt", "admin.crt").output())
                .contains("apiserver.crt: OK", "admin.crt: OK");
        Openssl.Run wrongCa = ssl.openssl("verify", "-CAfile", "etcd-ca.crt", "apiserver.crt");
        assertThat(wrongCa.exit()).isNotZero();
    }

    @Test
    void everyCaIsSelfSignedAndMarkedCa() {
        for (String ca : List.of("ca.crt", "etcd-ca.crt", "front-proxy-ca.crt")) {
            assertThat(ssl.openssl("verify", "-CAfile", ca, ca).output()).contains(ca + ": OK");
            String ext = ssl.openssl("x509", "-in", ca, "-noout", "-ext", "basicConstraints,keyUsage").output();
            assertThat(ext).contains("CA:TRUE").contains("Certificate Sign").contains("critical");
        }
        assertThat(ssl.openssl("x509", "-in", "etcd-ca.crt", "-noout", "-subject", "-nameopt", "RFC2253").output()).contains("CN=etcd-ca");
        assertThat(ssl.openssl("x509", "-in", "front-proxy-ca.crt", "-noout", "-subject", "-nameopt", "RFC2253").output())
                .contains("CN=front-proxy-ca");
    }

    @Test
    void apiServerCertificateNamesEveryEndpoint() {
        String san = ssl.openssl("x509", "-in", "apiserver.crt", "-noout", "-ext", "subjectAltName").output();
        for (String ip : NODE_IPS) {
            assertThat(san).contains("IP Address:" + ip);
        }
        for (String ip : CONTAINER_IPS) {
            assertThat(san).contains("IP Address:" + ip);
        }
        for (String name : NODE_NAMES) {
            assertThat(san).contains("DNS:" + name);
        }
        assertThat(san).contains("IP Address:10.102.0.1", "IP Address:127.0.0.1", "DNS:localhost",
                "DNS:kubernetes", "DNS:kubernetes.default", "DNS:kubernetes.default.svc",
                "DNS:kubernetes.default.svc.cluster.local", "DNS:" + ENDPOINT);
    }

    @Test
    void keyUsagesAreThoseOfAServerAndAClient() {
        String server = ssl.openssl("x509", "-in", "apiserver.crt", "-noout", "-ext",
                "keyUsage,extendedKeyUsage,basicConstraints").output();
        assertThat(server).contains("Digital Signature", "TLS Web Server Authentication", "CA:FALSE")
                .doesNotContain("Certificate Sign", "TLS Web Client Authentication");
        String client = ssl.openssl("x509", "-in", "admin.crt", "-noout", "-ext",
                "keyUsage,extendedKeyUsage").output();
        assertThat(client).contains("Digital Signature", "TLS Web Client Authentication")
                .doesNotContain("TLS Web Server Authentication");
        assertThat(ssl.openssl("x509", "-in", "admin.crt", "-noout", "-subject", "-nameopt", "RFC2253").output())
                .contains("CN=kubernetes-admin,O=kubeadm:cluster-admins");
    }

    @Test
    void privateKeysMatchTheirCertificates() {
        for (String name : List.of("ca", "etcd-ca", "front-proxy-ca", "apiserver", "admin")) {
            String fromKey = ssl.openssl("pkey", "-in", name + ".key", "-pubout").output();
            String fromCert = ssl.openssl("x509", "-in", name + ".crt", "-noout", "-pubkey").output();
            assertThat(fromKey).as(name).startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(fromCert);
        }
        assertThat(ssl.openssl("pkey", "-in", "sa.key", "-pubout").output()).isEqualTo(pki.serviceAccountPub());
        for (String key : List.of("ca.key", "etcd-ca.key", "front-proxy-ca.key", "sa.key", "apiserver.key",
                "admin.key")) {
            // SEC 1, the form kubeadm writes for ECDSA-P256, with the named curve and the public point
            assertThat(ssl.openssl("ec", "-in", key, "-check", "-noout").output()).as(key).contains("EC Key valid");
            assertThat(ssl.openssl("ec", "-in", key, "-noout", "-text").output()).as(key)
                    .contains("ASN1 OID: prime256v1");
        }
    }

    @Test
    void discoveryHashEqualsTheOneKubeadmWouldPrint() {
        // the pipeline of the kubeadm documentation ("Token-based discovery with CA pinning")
        String out = ssl.pipeline("openssl x509 -pubkey -in ca.crt | openssl pkey -pubin -outform der"
                + " | openssl dgst -sha256 -hex | sed 's/^.* //'").output().strip();
        assertThat(pki.discoveryHash()).isEqualTo("sha256:" + out).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void certificatesAreValidNowAndForAsLongAsKubeadmMakesThem() {
        assertThat(ssl.openssl("x509", "-in", "apiserver.crt", "-noout", "-checkend", "0").exit()).isZero();
        assertThat(ssl.openssl("x509", "-in", "apiserver.crt", "-noout", "-checkend",
                String.valueOf(Duration.ofDays(364).toSeconds())).exit()).isZero();
        assertThat(ssl.openssl("x509", "-in", "apiserver.crt", "-noout", "-checkend",
                String.valueOf(Duration.ofDays(366).toSeconds())).exit()).isNotZero();
        assertThat(ssl.openssl("x509", "-in", "ca.crt", "-noout", "-checkend",
                String.valueOf(Duration.ofDays(3649).toSeconds())).exit()).isZero();
    }

    @Test
    void tokenAndCertificateKeyHaveKubeadmsFormats() {
        assertThat(pki.token().value()).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
        assertThat(pki.token().expires()).isBetween(Instant.now().plus(Duration.ofMinutes(119)),
                Instant.now().plus(Duration.ofMinutes(121)));
        assertThat(pki.certificateKey()).matches("[0-9a-f]{64}");
    }

    @Test
    void nothingSecretShowsInToString() {
        String shown = pki + " " + pki.token() + " " + pki.clusterCa() + " " + pki.adminKubeconfig("https://x:6443");
        assertThat(shown).doesNotContain(pki.token().secret()).doesNotContain("PRIVATE")
                .doesNotContain(pki.certificateKey());
    }
}
