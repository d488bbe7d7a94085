package io.kubelode.k8s.pki;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kubelode.k8s.plan.Kubeconfig;
import java.security.cert.X509Certificate;

/**
 * Everything the cluster's trust rests on, minted by kubelode before any node is touched, as PEM
 * text. Secret: kept only sealed ({@link SecretStore}), delivered to control-plane containers on
 * a script's standard input, never on Kafka or in a log. {@link #toString()} shows no secret.
 *
 * @param certificateKey 32 random bytes as hex: the key {@code kubeadm --upload-certs} encrypts
 *                       the {@code kubeadm-certs} Secret with, for a later manual control-plane join
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterPki(String clusterId, String caCert, String caKey, String etcdCaCert, String etcdCaKey,
                         String frontProxyCaCert, String frontProxyCaKey, String serviceAccountKey,
                         String serviceAccountPub, String apiServerCert, String apiServerKey, String adminCert,
                         String adminKey, BootstrapToken token, String certificateKey) {

    /** The cluster CA. */
    @JsonIgnore
    public CertificateAuthority clusterCa() {
        return CertificateAuthority.of(caCert, caKey);
    }

    /** The pin {@code kubeadm join} checks the cluster CA against. */
    @JsonIgnore
    public String discoveryHash() {
        return DiscoveryHash.of(Pem.certificate(caCert));
    }

    /** The API server's serving certificate. */
    @JsonIgnore
    public X509Certificate apiServerCertificate() {
        return Pem.certificate(apiServerCert);
    }

    /** The admin kubeconfig (client certificate in group {@value PkiMinter#ADMIN_GROUP}) for {@code server}. */
    public Kubeconfig adminKubeconfig(String server) {
        return Kubeconfig.of(clusterId, server, caCert, PkiMinter.ADMIN_USER, adminCert, adminKey);
    }

    /** The same bundle with another bootstrap token. */
    public ClusterPki withToken(BootstrapToken newToken) {
        return new ClusterPki(clusterId, caCert, caKey, etcdCaCert, etcdCaKey, frontProxyCaCert, frontProxyCaKey,
                serviceAccountKey, serviceAccountPub, apiServerCert, apiServerKey, adminCert, adminKey, newToken,
                certificateKey);
    }

    /** The same bundle with another API server serving certificate. */
    public ClusterPki withApiServer(String certPem, String keyPem) {
        return new ClusterPki(clusterId, caCert, caKey, etcdCaCert, etcdCaKey, frontProxyCaCert, frontProxyCaKey,
                serviceAccountKey, serviceAccountPub, certPem, keyPem, adminCert, adminKey, token, certificateKey);
    }

    @Override
    public String toString() {
        return "ClusterPki[" + clusterId + ", " + token + ", keys=<sealed>]";
    }
}
