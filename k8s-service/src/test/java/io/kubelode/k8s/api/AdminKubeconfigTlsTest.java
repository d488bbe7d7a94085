package io.kubelode.k8s.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.kubelode.k8s.pki.ClusterPki;
import io.kubelode.k8s.pki.Pem;
import io.kubelode.k8s.pki.PkiMinter;
import io.kubelode.k8s.pki.SubjectAltNames;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production Fabric8 client, built from the admin kubeconfig kubelode mints, against a real
 * TLS server (the JDK's) serving kubelode's API server certificate and requiring a client
 * certificate from the cluster CA, as kube-apiserver does: proves the trust chain works end to end.
 */
class AdminKubeconfigTlsTest {
    static final char[] PASS = "changeit".toCharArray();
    ClusterPki pki;
    HttpsServer server;
    final AtomicReference<String> clientSubject = new AtomicReference<>();

    @BeforeEach
    void serve() throws Exception {
        pki = new PkiMinter(new SecureRandom(), Clock.systemUTC()).mint("tls",
                SubjectAltNames.of(List.of("tls-1-master"), List.of("127.0.0.1"), List.of("10.100.1.2"), "10.102.0.1",
                        "api.tls.kubelode.internal"),
                Duration.ofHours(1));
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(sslContext()) {
            @Override
            public void configure(HttpsParameters params) {
                var p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/api/v1/nodes", exchange -> {
            SSLSession session = ((com.sun.net.httpserver.HttpsExchange) exchange).getSSLSession();
            clientSubject.set(((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName());
            byte[] body = ("{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[{\"metadata\":"
                    + "{\"name\":\"tls-1-master\"},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SSLContext sslContext() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("apiserver", Pem.privateKey(pki.apiServerKey()), PASS,
                new Certificate[] {Pem.certificate(pki.apiServerCert())});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASS);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("cluster-ca", Pem.certificate(pki.caCert()));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    @Test
    void theAdminKubeconfigTrustsTheApiServerAndAuthenticatesAsClusterAdmin() {
        String endpoint = "https://127.0.0.1:" + server.getAddress().getPort();
        try (ClusterApi api = Fabric8ClusterApi.factory(Duration.ofSeconds(10)).connect(pki.adminKubeconfig(endpoint))) {
            assertThat(api.nodes()).containsExactly(new ClusterApi.NodeStatus("tls-1-master", true));
        }
        assertThat(clientSubject.get()).isEqualTo("CN=kubernetes-admin,O=kubeadm:cluster-admins");
    }

    @Test
    void aKubeconfigWithAnotherClustersCaIsRefused() {
        ClusterPki other = new PkiMinter(new SecureRandom(), Clock.systemUTC()).mint("other",
                SubjectAltNames.of(List.of(), List.of("127.0.0.1"), List.of(), "10.102.0.1", "x"), Duration.ofHours(1));
        String endpoint = "https://127.0.0.1:" + server.getAddress().getPort();
        assertThatThrownBy(() -> {
            try (ClusterApi api = Fabric8ClusterApi.factory(Duration.ofSeconds(5)).connect(other.adminKubeconfig(endpoint))) {
                api.nodes();
            }
        }).isInstanceOf(RuntimeException.class);
        assertThat(clientSubject.get()).isNull();
    }
}
