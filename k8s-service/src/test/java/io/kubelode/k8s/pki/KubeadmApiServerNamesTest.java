package io.kubelode.k8s.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelode.k8s.plan.ClusterLayout;
import io.kubelode.k8s.plan.ClusterNode;
import io.kubelode.k8s.plan.Fixtures;
import io.kubelode.k8s.plan.KubeadmPlanner;
import io.kubelode.k8s.plan.Yaml;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API server certificate kubelode mints, against the names kubeadm itself requires of an
 * existing {@code apiserver.crt} on every control plane. kubeadm's rules are ported here from
 * its source (kubernetes/kubernetes, see the table in k8s-service/README.md), independently of
 * the production code that lists the names:
 * <ul>
 * <li>{@code cmd/kubeadm/app/util/pkiutil/pki_helpers.go} {@code GetAPIServerAltNames}: DNS
 * {@code nodeRegistration.name}, {@code kubernetes}, {@code kubernetes.default},
 * {@code kubernetes.default.svc}, {@code kubernetes.default.svc.<dnsDomain>}; IPs the first
 * address of the service subnet ({@code constants.GetAPIServerVirtualIP}) and
 * {@code localAPIEndpoint.advertiseAddress}; the host of {@code controlPlaneEndpoint} (an IP or a
 * DNS name); then every {@code apiServer.certSANs} entry.</li>
 * <li>{@code cmd/kubeadm/app/phases/certs/certs.go} {@code writeCertificateFilesIfNotExist} →
 * {@code validateCertificateWithConfig}: an existing certificate must pass Go's
 * {@code x509.Certificate.VerifyHostname} for every one of those names, or the phase fails with
 * "certificate apiserver is invalid". A control-plane join runs that phase
 * ({@code control-plane-prepare certs}) with the joining node's own name and address, and the
 * ClusterConfiguration that {@code kubeadm init} uploaded.</li>
 * </ul>
 * The inputs are read from the kubeadm documents kubelode renders, as kubeadm reads them.
 */
class KubeadmApiServerNamesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {3, 5})
    void everyControlPlaneAcceptsTheMintedCertificate(int nodes) throws Exception {
        ClusterLayout layout = Fixtures.layout(Fixtures.VERSION, nodes);
        X509Certificate cert = mint(layout, layout.subjectAltNames());
        String openssl = opensslSans(cert);
        for (ClusterNode node : layout.nodes()) {
            Required required = kubeadmRequires(layout, node.node());
            assertThat(required.dns()).as("kubeadm's list starts with the node name")
                    .startsWith(node.masterName(), "kubernetes");
            assertThat(required.ips()).contains(node.masterAddress(), layout.plan().kubernetesServiceAddress());
            for (String name : required.dns()) {
                assertThat(verifyHostname(cert, name)).as("node %d: DNS %s", node.node(), name).isEmpty();
                assertThat(openssl).as("openssl, node %d", node.node()).contains("DNS:" + name);
            }
            for (String ip : required.ips()) {
                assertThat(verifyHostname(cert, ip)).as("node %d: IP %s", node.node(), ip).isEmpty();
                assertThat(openssl).as("openssl, node %d", node.node()).contains("IP Address:" + ip);
            }
        }
    }

    @Test
    void theDomainThePersonsKubeconfigDialsIsOnTheCertificateAndNoOtherName() throws Exception {
        ClusterLayout layout = Fixtures.layout(Fixtures.VERSION, 3);
        X509Certificate cert = mint(layout, layout.subjectAltNames());
        assertThat(verifyHostname(cert, "dyll.in")).as("the spec's domain").isEmpty();
        assertThat(opensslSans(cert)).contains("DNS:dyll.in");
        assertThat(verifyHostname(cert, "www.dyll.in")).as("an app's host is not the API").isPresent();
    }

    @Test
    void aCertificateWithoutTheNodeNamesIsRefusedOnTheSecondControlPlane() throws Exception {
        // the names kubelode minted before it followed kubeadm's list: no node names
        ClusterLayout layout = Fixtures.layout(Fixtures.VERSION, 3);
        SubjectAltNames all = layout.subjectAltNames();
        List<String> dns = all.dnsNames().stream().filter(n -> !n.endsWith("-master")).toList();
        X509Certificate cert = mint(layout, new SubjectAltNames(all.ipAddresses(), dns));
        Required second = kubeadmRequires(layout, 2);
        List<String> refused = second.dns().stream().filter(n -> verifyHostname(cert, n).isPresent()).toList();
        // kubeadm stops at the first name that fails: its own node name, the first of its list
        assertThat(refused).isNotEmpty().first().isEqualTo("homelab-2-master");
        assertThat(verifyHostname(cert, "homelab-2-master")).get().asString()
                .startsWith("x509: certificate is valid for").endsWith("not homelab-2-master");
    }

    @Test
    void theVirtualIpIsTheFirstAddressOfTheServiceSubnet() {
        assertThat(firstAddress("10.96.0.0/12")).isEqualTo("10.96.0.1");
        assertThat(firstAddress("10.102.0.0/16")).isEqualTo("10.102.0.1");
        assertThat(firstAddress("10.102.0.0/16,fd00::/108")).isEqualTo("10.102.0.1");
    }

    /** What GetAPIServerAltNames returns for control plane {@code n}. */
    record Required(List<String> dns, List<String> ips) {
    }

    static Required kubeadmRequires(ClusterLayout layout, int n) throws IOException {
        KubeadmPlanner planner = new KubeadmPlanner(layout, Fixtures.SECRETS);
        JsonNode cluster = Yaml.MAPPER.readTree(Yaml.write(planner.clusterConfiguration()));
        JsonNode nodeRegistration;
        JsonNode localApiEndpoint;
        if (n == layout.first().node()) {
            JsonNode init = Yaml.MAPPER.readTree(Yaml.write(planner.initDocuments().get(0)));
            assertThat(init.at("/kind").asText()).isEqualTo("InitConfiguration");
            nodeRegistration = init.at("/nodeRegistration");
            localApiEndpoint = init.at("/localAPIEndpoint");
        } else {
            JsonNode join = Yaml.MAPPER.readTree(Yaml.write(planner.controlPlaneJoin(n)));
            nodeRegistration = join.at("/nodeRegistration");
            localApiEndpoint = join.at("/controlPlane/localAPIEndpoint");
        }
        List<String> dns = new ArrayList<>(List.of(nodeRegistration.at("/name").asText(), "kubernetes",
                "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc." + cluster.at("/networking/dnsDomain").asText()));
        List<String> ips = new ArrayList<>(List.of(firstAddress(cluster.at("/networking/serviceSubnet").asText()),
                localApiEndpoint.at("/advertiseAddress").asText()));
        String endpoint = cluster.at("/controlPlaneEndpoint").asText();
        if (!endpoint.isEmpty()) {
            String host = endpoint.substring(0, endpoint.lastIndexOf(':'));
            (isIp(host) ? ips : dns).add(host);
        }
        for (JsonNode san : cluster.at("/apiServer/certSANs")) {
            (isIp(san.asText()) ? ips : dns).add(san.asText());
        }
        assertThat(dns).doesNotContain("");
        assertThat(ips).doesNotContain("");
        return new Required(dns, ips);
    }

    /** kubeadm's constants.GetAPIServerVirtualIP: the first service subnet's network address + 1. */
    static String firstAddress(String serviceSubnets) {
        String cidr = serviceSubnets.split(",")[0];
        try {
            byte[] network = InetAddress.getByName(cidr.substring(0, cidr.indexOf('/'))).getAddress();
            byte[] first = new BigInteger(1, network).add(BigInteger.ONE).toByteArray();
            byte[] out = new byte[network.length];
            System.arraycopy(first, Math.max(0, first.length - out.length), out,
                    Math.max(0, out.length - first.length), Math.min(first.length, out.length));
            return InetAddress.getByAddress(out).getHostAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }

    /**
     * Go's {@code x509.Certificate.VerifyHostname} for what kubeadm asks: an IP literal must equal
     * one of the IP SANs; a name must match a DNS SAN (case-insensitive, a trailing dot ignored, a
     * {@code *} only as the whole leftmost label). Empty when valid, else Go's error text.
     */
    static Optional<String> verifyHostname(X509Certificate cert, String host) {
        List<String> ips = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            for (List<?> san : Optional.ofNullable(cert.getSubjectAlternativeNames()).orElse(List.of())) {
                int type = (Integer) san.get(0);
                if (type == 7) {
                    ips.add(canonicalIp((String) san.get(1)));
                } else if (type == 2) {
                    names.add((String) san.get(1));
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalStateException(e);
        }
        if (isIp(host)) {
            return ips.contains(canonicalIp(host)) ? Optional.empty()
                    : Optional.of("x509: certificate is valid for " + String.join(", ", ips) + ", not " + host);
        }
        String wanted = host.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        for (String pattern : names) {
            if (matchHostnames(pattern.toLowerCase(Locale.ROOT), wanted)) {
                return Optional.empty();
            }
        }
        return Optional.of("x509: certificate is valid for " + String.join(", ", names) + ", not " + host);
    }

    private static boolean matchHostnames(String pattern, String host) {
        String[] p = pattern.split("\\.", -1);
        String[] h = host.split("\\.", -1);
        if (p.length != h.length || pattern.isEmpty() || host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!(i == 0 && p[i].equals("*")) && !p[i].equals(h[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIp(String s) {
        return s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || s.contains(":");
    }

    private static String canonicalIp(String ip) {
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    private X509Certificate mint(ClusterLayout layout, SubjectAltNames names) {
        ClusterPki pki = new PkiMinter(new SecureRandom(), Clock.systemUTC()).mint(layout.clusterId(), names,
                Duration.ofHours(2));
        return pki.apiServerCertificate();
    }

    /** The subjectAltName extension as the real openssl prints it. */
    private String opensslSans(X509Certificate cert) throws Exception {
        Files.writeString(dir.resolve("apiserver.crt"), Pem.of(cert));
        Openssl.Run run = new Openssl(dir).openssl("x509", "-in", "apiserver.crt", "-noout", "-ext", "subjectAltName");
        assertThat(run.exit()).as(run.output()).isZero();
        return run.output();
    }
}
