package io.kubelode.sandbox.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubeadm stand-in's preflight and certificate checks (standin/preflight.sh), run by bash in a
 * network namespace of their own (so no port of this machine's other tests is in the way), with
 * kubeadm's names and messages: a listener on 127.0.0.1:6443 alone fails {@code Port-6443}, as it
 * failed the real kubeadm when kubelode's HAProxy held that address (k8s-service/README.md).
 */
class KubeadmPreflightTest {
    private static final Path PREFLIGHT = Path.of("src/main/resources/standin/preflight.sh");

    @TempDir
    Path tmp;

    private record Run(int exit, String err) {
    }

    /** Runs {@code body} after sourcing preflight.sh, with K8S_ETC at {@code etc}, in a new network namespace. */
    private Run run(Path etc, String body) throws IOException, InterruptedException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root for a network namespace (unshare -n); CI runs as root");
        String script = """
                set -euo pipefail
                ip link set lo up
                K8S_ETC=%s
                # common.sh's, which this test does not source (its K8S_ETC is /etc/kubernetes, read-only)
                config_value() { sed -n "s/^[[:space:]]*$1:[[:space:]]*//p" "$2" | head -n1 | tr -d '"'; }
                source %s
                %s
                """.formatted(etc, PREFLIGHT.toAbsolutePath(), body);
        Process p = new ProcessBuilder(List.of("unshare", "-n", "bash", "-c", script)).start();
        p.getOutputStream().close();
        boolean ended = p.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("the checks ended within 30 s").isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.exitValue(), err);
    }

    /** A listener on 127.0.0.1 only (busybox httpd), as HAProxy's was, then {@code after}. */
    private static String listeningOnLoopback(int port, String after) {
        return """
                mkdir -p "$K8S_ETC/www"
                busybox httpd -f -p 127.0.0.1:%d -h "$K8S_ETC/www" </dev/null >/dev/null 2>&1 &
                trap 'kill %%1' EXIT
                for _ in $(seq 50); do [[ -n $(ss -Hltn "sport = :%d") ]] && break; sleep 0.1; done
                %s
                """.formatted(port, port, after);
    }

    private Path config(String ignored) throws IOException {
        Path config = tmp.resolve("kubeadm.yaml");
        Files.writeString(config, """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                nodeRegistration:
                  name: homelab-1-master
                  ignorePreflightErrors:
                  - NumCPU
                %slocalAPIEndpoint:
                  advertiseAddress: 10.100.1.2
                  bindPort: 6443
                """.formatted(ignored));
        return config;
    }

    @Test
    void aListenerOnLoopbackAloneFailsPort6443OnInitAndOnAControlPlaneJoinButNotOnAWorkersJoin() throws Exception {
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        Path config = config("");
        for (String phase : List.of("init", "join-control-plane")) {
            Run r = run(etc, listeningOnLoopback(6443, "kubeadm_preflight " + phase + " " + config));
            assertThat(r.exit()).as("%s: %s", phase, r.err()).isEqualTo(1);
            assertThat(r.err()).contains("error execution phase preflight: [preflight] Some fatal errors occurred:",
                    "\t[ERROR Port-6443]: Port 6443 is in use").doesNotContain("Port-10250");
        }
        Run worker = run(etc, listeningOnLoopback(6443, "kubeadm_preflight join " + config));
        assertThat(worker.exit()).as(worker.err()).isZero();
        // kubelode's balancer is on 7443, which no check names
        Run balancer = run(etc, listeningOnLoopback(7443, "kubeadm_preflight init " + config));
        assertThat(balancer.exit()).as(balancer.err()).isZero();
    }

    @Test
    void aCheckTheConfigurationIgnoresIsSkippedAndTheKubeletsPortAndFilesAreChecked() throws Exception {
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        Run ignored = run(etc, listeningOnLoopback(6443, "kubeadm_preflight init " + config("  - Port-6443\n")));
        assertThat(ignored.exit()).as(ignored.err()).isZero();

        Files.writeString(etc.resolve("kubelet.conf"), "x");
        Files.createDirectories(etc.resolve("manifests"));
        Files.writeString(etc.resolve("manifests/etcd.yaml"), "x");
        Run joined = run(etc, listeningOnLoopback(10250, "kubeadm_preflight join " + config("")));
        String dashed = etc.toString().replace('/', '-');
        assertThat(joined.exit()).as(joined.err()).isEqualTo(1);
        assertThat(joined.err()).contains("[ERROR Port-10250]: Port 10250 is in use",
                "[ERROR FileAvailable-" + dashed + "-kubelet.conf]: " + etc + "/kubelet.conf already exists",
                "[ERROR DirAvailable-" + dashed + "-manifests]: " + etc + "/manifests is not empty");
        Run init = run(etc, "kubeadm_preflight init " + config(""));
        assertThat(init.err()).contains("[ERROR FileAvailable-" + dashed + "-manifests-etcd.yaml]");
    }

    @Test
    void anApiServerCertificateWithoutTheJoiningNodesNameIsInvalidAsKubeadmSaysIt() throws Exception {
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        Files.createDirectories(etc.resolve("pki"));
        Process mint = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ed25519", "-nodes", "-days", "1",
                "-keyout", tmp.resolve("apiserver.key").toString(), "-out", etc.resolve("pki/apiserver.crt").toString(),
                "-subj", "/CN=kube-apiserver",
                "-addext", "subjectAltName=DNS:homelab-1-master,DNS:kubernetes,IP:10.100.1.2").redirectErrorStream(true)
                .start();
        assertThat(mint.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mint.exitValue()).isZero();

        Run first = run(etc, "kubeadm_certificate_names homelab-1-master 10.100.1.2 kubernetes");
        assertThat(first.exit()).as(first.err()).isZero();
        Run second = run(etc, "kubeadm_certificate_names homelab-2-master 10.100.2.2");
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.err()).contains("error execution phase control-plane-prepare/certs",
                "certificate apiserver is invalid: x509: certificate is valid for homelab-1-master, kubernetes, "
                        + "10.100.1.2, not homelab-2-master");
        Run address = run(etc, "kubeadm_certificate_names homelab-1-master 10.100.2.2");
        assertThat(address.err()).contains("not 10.100.2.2");
    }
}
