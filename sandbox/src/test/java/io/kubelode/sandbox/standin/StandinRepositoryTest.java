package io.kubelode.sandbox.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in repository as apt reads it: the real {@code apt-get} (in a state directory of its
 * own, over {@code file:}) verifies its signature with the key it serves, reads its index and
 * picks the pinned version of each package, as prepare-container.sh asks for it.
 */
class StandinRepositoryTest {
    @TempDir
    Path tmp;

    @Test
    void aptVerifiesTheRepositoryAndFindsEveryPackageAtThePinnedVersion() throws IOException {
        try (StandinRepository repo = new StandinRepository(Files.createDirectories(tmp.resolve("repo")),
                "http://172.31.246.1:8079", 5)) {
            Path key = repo.file("1.32", "Release.key").orElseThrow();
            assertThat(repo.file("1.32", "InRelease")).isPresent();
            assertThat(repo.file("1.32", "../gnupg")).isEmpty();
            assertThat(repo.file("2.0", "Packages")).isEmpty();
            Path keyring = tmp.resolve("keyring.gpg");
            run(List.of("gpg", "--batch", "--yes", "--dearmor", "-o", keyring.toString(), key.toString()));
            Path dir = key.getParent();
            Path state = Files.createDirectories(tmp.resolve("apt/state/lists/partial"));
            Path cache = Files.createDirectories(tmp.resolve("apt/cache/archives/partial"));
            Path sources = tmp.resolve("apt/sources.list");
            Files.writeString(sources, "deb [signed-by=" + keyring + "] file:" + dir + "/ /\n");
            List<String> apt = List.of("-o", "Dir::State=" + state.getParent().getParent(), "-o",
                    "Dir::Cache=" + cache.getParent().getParent(), "-o", "Dir::Etc::SourceList=" + sources, "-o",
                    "Dir::Etc::SourceParts=/nonexistent", "-o", "Debug::NoLocking=1");
            String update = run(concat(List.of("apt-get", "update"), apt));
            assertThat(update).doesNotContain("NO_PUBKEY", "not signed", "Err:");
            String policy = run(concat(List.of("apt-cache", "policy", "kubelet", "kubeadm", "kubectl"), apt));
            assertThat(policy).contains("1.32.5-1.1", "1.32.0-1.1");
            String show = run(concat(List.of("apt-cache", "show", "kubeadm=1.32.4-1.1"), apt));
            assertThat(show).contains("Depends: kubelode-standin, kubelet, curl", "stand-in");
            assertThat(run(concat(List.of("apt-cache", "show", "kubelet=1.32.4-1.1"), apt)))
                    .contains("Depends: kubelode-standin, socat, curl");
            // kubectl's dependencies are all here (curl is installed): apt resolves the pin as the script asks
            String dryInstall = run(concat(List.of("apt-get", "install", "-s", "kubectl=1.32.4-*"), apt));
            assertThat(dryInstall).containsPattern("Inst kubectl (\\[\\S+\\] )?\\(1\\.32\\.4-1\\.1 kubelode stand-in packages")
                    .contains("Inst kubelode-standin (1.0 kubelode stand-in packages");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            assertThat(p.waitFor()).as(String.join(" ", cmd) + ":\n" + out).isZero();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
