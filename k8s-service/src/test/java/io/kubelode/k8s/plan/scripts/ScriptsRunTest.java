package io.kubelode.k8s.plan.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.k8s.pki.ClusterPki;
import io.kubelode.k8s.pki.PkiMinter;
import io.kubelode.k8s.plan.ClusterLayout;
import io.kubelode.k8s.plan.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts run by the real bash, twice, to prove they converge and then change nothing. The
 * kubeadm/kubectl binaries are stubs on PATH that record their arguments and standard input
 * (no Kubernetes here); the files the scripts write go to a temporary directory.
 */
class ScriptsRunTest {
    static final ClusterLayout LAYOUT = Fixtures.layout(Fixtures.VERSION, 3);
    static final ClusterPki PKI = new PkiMinter(new SecureRandom(), Clock.systemUTC()).mint("homelab",
            LAYOUT.subjectAltNames(), Duration.ofHours(2));

    @TempDir
    Path tmp;
    Path etc;
    Path log;
    NodeScripts scripts;
    Map<String, String> env;

    @BeforeEach
    void stubs() throws IOException {
        etc = tmp.resolve("etc-kubernetes");
        log = tmp.resolve("calls.log");
        Files.createFile(log);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        stub(bin, "kubeadm", """
                echo "kubeadm $*" >>"$STUB_LOG"
                case "$1" in
                  init) mkdir -p "$STUB_ETC/manifests"
                        touch "$STUB_ETC/admin.conf" "$STUB_ETC/kubelet.conf" "$STUB_ETC/manifests/kube-apiserver.yaml" ;;
                  join) mkdir -p "$STUB_ETC/manifests"; touch "$STUB_ETC/kubelet.conf"
                        if grep -q '^controlPlane:' "$3"; then touch "$STUB_ETC/manifests/etcd.yaml"; fi ;;
                  reset) rm -rf "$STUB_ETC/manifests" "$STUB_ETC"/*.conf ;;
                esac
                """);
        stub(bin, "kubectl", """
                echo "kubectl $*" >>"$STUB_LOG"
                case "$*" in
                  *" apply -f -") cat >>"$STUB_LOG"; echo "${STUB_APPLY:-secret/x created}" ;;
                  *"member list"*) printf '%s\\n' "8e9e05c52164694d, started, homelab-1-master, https://10.100.1.2:2380, https://10.100.1.2:2379, false" \\
                                     "91bc3c398fb3c146, unstarted, , https://10.100.3.2:2380, , false" ;;
                esac
                """);
        scripts = new NodeScripts(LAYOUT, PKI, new PackageSource("1.6.20~ds1-1+deb12u3", PackageSource.UPSTREAM),
                new ScriptPaths(etc.toString(), tmp.resolve("etcd").toString()));
        env = Map.of("PATH", bin + ":/usr/bin:/bin", "STUB_LOG", log.toString(), "STUB_ETC", etc.toString());
    }

    static void stub(Path bin, String name, String body) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/bash\nset -eu\n" + body);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    Bash.Result run(Script script) {
        Bash.Result r = Bash.run(script.render(), env);
        assertThat(r.exit()).as(script.name() + " stderr: " + r.stderr()).isZero();
        return r;
    }

    @Test
    void writePkiPlacesEveryFileOnceWithPrivateKeysUnreadable() throws IOException {
        assertThat(run(scripts.writePki(2)).lastLine()).isEqualTo("kubelode:changed");
        assertThat(Files.readString(etc.resolve("pki/ca.key"))).isEqualTo(PKI.caKey());
        assertThat(Files.readString(etc.resolve("pki/etcd/ca.crt"))).isEqualTo(PKI.etcdCaCert());
        assertThat(Files.readString(etc.resolve("pki/apiserver.crt"))).isEqualTo(PKI.apiServerCert());
        assertThat(Files.readString(etc.resolve("kubelode-patches/kube-apiserver+json.yaml")))
                .contains("--bind-address=10.100.2.2");
        for (String key : new String[] {"ca.key", "etcd/ca.key", "front-proxy-ca.key", "sa.key", "apiserver.key"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve("pki/" + key))))
                    .as(key).isEqualTo("rw-------");
        }
        assertThat(run(scripts.writePki(2)).lastLine()).isEqualTo("kubelode:unchanged");
        Files.writeString(etc.resolve("pki/ca.crt"), "tampered");
        assertThat(run(scripts.writePki(2)).lastLine()).isEqualTo("kubelode:changed");
        assertThat(Files.readString(etc.resolve("pki/ca.crt"))).isEqualTo(PKI.caCert());
    }

    @Test
    void initRunsKubeadmOnceAndThenChangesNothing() throws IOException {
        assertThat(run(scripts.init()).lastLine()).isEqualTo("kubelode:changed");
        assertThat(Files.readString(etc.resolve("kubelode/kubeadm.yaml"))).contains("kind: InitConfiguration")
                .contains("- certs/ca");
        assertThat(run(scripts.init()).lastLine()).isEqualTo("kubelode:unchanged");
        assertThat(Files.readAllLines(log)).containsExactly("kubeadm init --config " + etc + "/kubelode/kubeadm.yaml");
    }

    @Test
    void initRefusesAHalfInitialisedNode() throws IOException {
        Files.createDirectories(etc.resolve("manifests"));
        Files.createFile(etc.resolve("manifests/etcd.yaml"));
        Bash.Result r = Bash.run(scripts.init().render(), env);
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.stderr()).contains("reset this node first");
        assertThat(Files.readString(log)).isEmpty();
    }

    @Test
    void joinStateTellsAbsentPartialAndJoined() throws IOException {
        assertThat(run(scripts.joinState(Role.MASTER)).stdout()).isEqualTo("kubelode:unchanged\tstate=absent\n");
        Files.createDirectories(etc);
        Files.createFile(etc.resolve("bootstrap-kubelet.conf"));
        assertThat(run(scripts.joinState(Role.MASTER)).stdout()).isEqualTo("kubelode:unchanged\tstate=partial\n");
        run(scripts.reset());
        assertThat(run(scripts.join(2, Role.MASTER)).lastLine()).isEqualTo("kubelode:changed");
        assertThat(run(scripts.joinState(Role.MASTER)).stdout()).isEqualTo("kubelode:unchanged\tstate=joined\n");
        assertThat(run(scripts.join(2, Role.MASTER)).lastLine()).isEqualTo("kubelode:unchanged");
    }

    @Test
    void workerJoinsOnce() throws IOException {
        assertThat(run(scripts.join(3, Role.WORKER)).lastLine()).isEqualTo("kubelode:changed");
        assertThat(run(scripts.join(3, Role.WORKER)).lastLine()).isEqualTo("kubelode:unchanged");
        assertThat(Files.readString(etc.resolve("kubelode/kubeadm.yaml"))).contains("name: homelab-3-worker")
                .doesNotContain("controlPlane");
        assertThat(Files.readAllLines(log)).hasSize(1);
    }

    @Test
    void aLeftoverEtcdMemberIsRemovedAndAnAbsentOneIsNot() throws IOException {
        Files.createDirectories(etc);
        Files.createFile(etc.resolve("admin.conf"));
        assertThat(run(scripts.removeMember(1, 3)).lastLine()).isEqualTo("kubelode:changed");
        assertThat(Files.readString(log)).contains("member remove 91bc3c398fb3c146")
                .contains("exec etcd-homelab-1-master");
        Files.writeString(log, "");
        assertThat(run(scripts.removeMember(1, 2)).lastLine()).isEqualTo("kubelode:unchanged");
        assertThat(Files.readString(log)).contains("member list").doesNotContain("member remove");
    }

    @Test
    void aMemberIsRemovedThroughTheEtcdOfTheControlPlaneItIsAskedOn() throws IOException {
        // node 1 replaced (issue #25): its member goes through node 2's control plane, in node 2's etcd Pod
        Files.createDirectories(etc);
        Files.createFile(etc.resolve("admin.conf"));
        assertThat(run(scripts.removeMember(2, 3)).lastLine()).isEqualTo("kubelode:changed");
        assertThat(Files.readString(log)).contains("exec etcd-homelab-2-master").doesNotContain("etcd-homelab-1-master");
    }

    @Test
    void theTokenReachesKubectlOnStandardInputOnly() throws IOException {
        Files.createDirectories(etc);
        Files.createFile(etc.resolve("admin.conf"));
        assertThat(run(scripts.ensureToken()).lastLine()).isEqualTo("kubelode:changed");
        String calls = Files.readString(log);
        assertThat(calls).contains("token-secret: " + PKI.token().secret()); // stdin, logged by the stub
        assertThat(calls.lines().filter(l -> l.startsWith("kubectl ")))
                .allSatisfy(l -> assertThat(l).doesNotContain(PKI.token().secret()));
        env = new java.util.HashMap<>(env);
        env.put("STUB_APPLY", "secret/bootstrap-token-" + PKI.token().id() + " unchanged");
        assertThat(run(scripts.ensureToken()).lastLine()).isEqualTo("kubelode:unchanged");
    }

    @Test
    void resetIsSafeWhenNothingRanAndUndoesAnInit() throws IOException {
        assertThat(run(scripts.reset()).lastLine()).isEqualTo("kubelode:unchanged");
        run(scripts.writePki(1));
        run(scripts.init());
        assertThat(run(scripts.reset()).lastLine()).isEqualTo("kubelode:changed");
        assertThat(etc).doesNotExist();
        assertThat(Files.readString(log)).contains("kubeadm reset -f --cri-socket unix:///run/containerd/containerd.sock");
        assertThat(run(scripts.reset()).lastLine()).isEqualTo("kubelode:unchanged");
    }

    @Test
    void prepareRefusesAVersionAptCannotPinBeforeTouchingAnything() throws IOException {
        Path bin = Path.of(env.get("PATH").split(":")[0]);
        for (String tool : new String[] {"apt-get", "apt-mark", "curl", "dpkg-query", "systemctl"}) {
            stub(bin, tool, "echo \"" + tool + " $*\" >>\"$STUB_LOG\"\n");
        }
        String good = scripts.prepare(1, Role.MASTER).render();
        assertThat(good).contains("readonly K8S_VERSION='" + Fixtures.VERSION + "'")
                .contains("want+=(\"${p}=${K8S_VERSION}-*\")");
        for (String bad : new String[] {"v" + Fixtures.VERSION, "1.36", "1.36.1-1.1", "1.36.1 kubectl=1.0.0"}) {
            String script = good.replace("readonly K8S_VERSION='" + Fixtures.VERSION + "'", "readonly K8S_VERSION='" + bad + "'");
            Bash.Result r = Bash.run(script, env);
            assertThat(r.exit()).as(bad).isEqualTo(2);
            assertThat(r.stderr()).as(bad).contains("K8S_VERSION must be MAJOR.MINOR.PATCH, digits only", "'" + bad + "'");
        }
        assertThat(Files.readString(log)).isEmpty();
    }
}
