package io.kubelode.nodeshell.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one shellcheck test of every script that runs on a host: each layer's host scripts (every
 * module's {@code src/main/resources/scripts/*.sh}) and the sandbox's stand-ins of the binaries this
 * machine cannot have ({@code sandbox/src/main/resources/standin}).
 *
 * <p>A layer's script is checked the way {@link HostScript#render} sends it: its header, every input
 * it declares set (so an input it declares and never uses is a warning), then the library its layer
 * puts between the inputs and the text (the {@code *lib.sh} beside it, when there is one), then its text.
 * Its declared name must be its file's name, and as sent it stops at the first failing command
 * ({@code set -euo pipefail}) and ends with the report of what it changed ({@code kubelode:changed} or
 * {@code kubelode:unchanged}, what {@code NodeShell} reads). shellcheck must be installed (.ci/packages).
 */
class HostScriptsShellcheckTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** A layer's library: the file of its scripts folder whose name ends so ({@code lib.sh}, {@code mesh-lib.sh}). */
    private static final String LIBRARY = "lib.sh";

    @TempDir
    Path dir;

    @Test
    void everyHostScriptAndStandInIsShellcheckClean() throws Exception {
        Map<String, String> sent = new TreeMap<>();
        for (Path folder : scriptFolders()) {
            List<Path> libraries = list(folder).stream().filter(f -> f.getFileName().toString().endsWith(LIBRARY)).toList();
            assertThat(libraries).as("one library at most in %s", folder).hasSizeLessThanOrEqualTo(1);
            String between = libraries.isEmpty() ? "" : Files.readString(libraries.get(0));
            for (Path file : list(folder)) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".sh") || name.endsWith(LIBRARY)) {
                    continue;
                }
                HostScript script = HostScript.parse(name, Files.readString(file, StandardCharsets.UTF_8));
                Map<String, String> inputs = new LinkedHashMap<>();
                script.inputs().forEach(input -> inputs.put(input, "value"));
                String text = script.render(inputs, between);
                assertThat(text).as("%s as sent", name).containsPattern("(?m)^set -euo pipefail$")
                        .containsPattern("(?m)^[^#]*echo \"?kubelode:changed")
                        .containsPattern("(?m)^[^#]*echo \"?kubelode:unchanged");
                sent.put(ROOT.relativize(file).toString(), text);
            }
        }
        Path standins = ROOT.resolve("sandbox/src/main/resources/standin");
        for (Path file : list(standins)) {
            if (!file.getFileName().toString().endsWith(".service")) {
                sent.put(ROOT.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        // every layer that runs scripts on a host, and the stand-ins: a walk that finds nothing proves nothing
        assertThat(sent.keySet()).contains("provisioner-service/src/main/resources/scripts/base-role.sh",
                "lxc-service/src/main/resources/scripts/lxd-containers.sh",
                "network-service/src/main/resources/scripts/mesh-apply.sh",
                "k8s-service/src/main/resources/scripts/join.sh", "sandbox/src/main/resources/standin/kubeadm");

        List<String> args = new ArrayList<>(List.of("shellcheck", "--shell=bash", "--severity=style", "--external-sources",
                "--source-path=SCRIPTDIR"));
        for (Map.Entry<String, String> e : sent.entrySet()) {
            Path copy = dir.resolve(e.getKey());
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, e.getValue());
            args.add(copy.toString());
        }
        Process p = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("shellcheck on %d scripts:%n%s", sent.size(), out).isZero();
    }

    /**
     * Every layer loads its scripts and its library as {@code /scripts/<name>} from its class path, and a
     * class path that holds two layers (the real-host tests') gives the first jar's: no two modules may
     * ship a file of the same name there (the network layer's library was {@code lib.sh} too, and the k8s
     * layer's scripts got it instead of their own).
     */
    @Test
    void noTwoModulesShipAScriptOfTheSameName() throws Exception {
        Map<String, List<String>> owners = new TreeMap<>();
        for (Path folder : scriptFolders()) {
            for (Path file : list(folder)) {
                owners.computeIfAbsent(file.getFileName().toString(), n -> new ArrayList<>())
                        .add(ROOT.relativize(folder).getName(0).toString());
            }
        }
        assertThat(owners).isNotEmpty();
        assertThat(owners.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::toString))
                .as("script names shipped by more than one module").isEmpty();
    }

    @Test
    void aScriptWhoseHeaderNamesAnotherFileIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HostScript.parse("a.sh",
                "#!/usr/bin/env bash\n# kubelode: b.sh\necho\n")).hasMessageContaining("# kubelode: a.sh");
    }

    /** Every module's {@code src/main/resources/scripts}. */
    private static List<Path> scriptFolders() throws IOException {
        try (Stream<Path> modules = Files.list(ROOT)) {
            return modules.map(m -> m.resolve("src/main/resources/scripts")).filter(Files::isDirectory).sorted().toList();
        }
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
