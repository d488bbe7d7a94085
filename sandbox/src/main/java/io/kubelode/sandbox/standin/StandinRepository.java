package io.kubelode.sandbox.standin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A signed flat apt repository per Kubernetes minor version, laid out like Kubernetes' own
 * ({@code pkgs.k8s.io/core:/stable:/v1.31/deb/}: {@code InRelease}, {@code Release},
 * {@code Release.gpg}, {@code Release.key}, {@code Packages}, the {@code .deb} files), holding
 * kubelet, kubeadm and kubectl {@code 1.<minor>.<patch>-1.1} for every patch up to a maximum —
 * the stand-ins of this package's resources, built with the real {@code dpkg-deb} and signed with
 * the real {@code gpg} under a key made for this sandbox. The k8s layer's script installs from it
 * exactly as from Kubernetes' repository.
 */
final class StandinRepository implements AutoCloseable {
    static final Pattern MINOR = Pattern.compile("1\\.(\\d{1,3})");
    private static final List<String> PACKAGES = List.of("kubelet", "kubeadm", "kubectl");
    private static final String COMMON = "kubelode-standin";

    private final Path root;
    private final Path gnupg;
    private final String door;
    private final int maxPatch;
    private final String arch;
    private final Map<String, Path> minors = new ConcurrentHashMap<>();

    /** @param door the URL the stand-ins call the sandbox at, e.g. {@code http://172.31.246.1:8079} */
    StandinRepository(Path root, String door, int maxPatch) {
        this.root = root;
        this.gnupg = root.resolve("gnupg");
        this.door = door;
        this.maxPatch = maxPatch;
        try {
            Files.createDirectories(gnupg);
            Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.arch = Run.checked(root, List.of("dpkg", "--print-architecture")).strip();
        Run.checked(root, List.of("gpg", "--homedir", gnupg.toString(), "--batch", "--passphrase", "",
                "--quick-gen-key", "kubelode sandbox stand-in packages <sandbox@kubelode.invalid>", "rsa3072", "sign",
                "never"));
    }

    /** A file of the repository of {@code minor} (e.g. {@code 1.31}), built on first use; empty when there is none. */
    Optional<Path> file(String minor, String name) {
        if (!MINOR.matcher(minor).matches() || name.contains("/") || name.startsWith(".")) {
            return Optional.empty();
        }
        Path dir = minors.computeIfAbsent(minor, this::build);
        Path file = dir.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private Path build(String minor) {
        try {
            Path dir = Files.createDirectories(root.resolve("v" + minor));
            Path staging = Files.createDirectories(root.resolve("staging-" + minor));
            StringBuilder packages = new StringBuilder();
            packages.append(deb(dir, staging, COMMON, "1.0", "curl, openssl, iproute2", Map.of(
                    "usr/lib/kubelode-standin/common.sh", resource("common.sh"),
                    "usr/lib/kubelode-standin/etcd.sh", resource("etcd.sh"),
                    "usr/lib/kubelode-standin/preflight.sh", resource("preflight.sh"),
                    "usr/lib/kubelode-standin/door", door + "\n"))).append('\n');
            for (int patch = 0; patch <= maxPatch; patch++) {
                String version = minor + "." + patch + "-1.1";
                packages.append(deb(dir, staging, "kubelet", version, COMMON + ", socat, curl", Map.of(
                        "usr/bin/kubelet", resource("kubelet"),
                        "lib/systemd/system/kubelet.service", resource("kubelet.service")))).append('\n');
                packages.append(deb(dir, staging, "kubeadm", version, COMMON + ", kubelet, curl", Map.of(
                        "usr/bin/kubeadm", resource("kubeadm")))).append('\n');
                packages.append(deb(dir, staging, "kubectl", version, COMMON + ", curl", Map.of(
                        "usr/bin/kubectl", resource("kubectl")))).append('\n');
            }
            Files.writeString(dir.resolve("Packages"), packages);
            byte[] index = Files.readAllBytes(dir.resolve("Packages"));
            String release = "Origin: kubelode-sandbox\nLabel: kubelode stand-in packages\nArchitectures: " + arch + "\n"
                    + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)
                            .format(ZonedDateTime.now(ZoneOffset.UTC)) + "\n"
                    + "SHA256:\n " + sha256(index) + " " + index.length + " Packages\n";
            Files.writeString(dir.resolve("Release"), release);
            String home = gnupg.toString();
            Run.checked(dir, List.of("gpg", "--homedir", home, "--batch", "--yes", "--clearsign", "-o", "InRelease",
                    "Release"));
            Run.checked(dir, List.of("gpg", "--homedir", home, "--batch", "--yes", "-abs", "-o", "Release.gpg",
                    "Release"));
            Run.checked(dir, List.of("gpg", "--homedir", home, "--batch", "--yes", "--armor", "--export", "-o",
                    "Release.key"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds one package with dpkg-deb; answers its stanza of the Packages index. */
    private String deb(Path dir, Path staging, String name, String version, String depends, Map<String, String> files)
            throws IOException {
        Path tree = staging.resolve(name + "_" + version);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = tree.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
            boolean executable = f.getKey().startsWith("usr/bin/");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        }
        String control = "Package: " + name + "\nVersion: " + version + "\nArchitecture: " + arch + "\n"
                + "Maintainer: kubelode sandbox <sandbox@kubelode.invalid>\nDepends: " + depends + "\n"
                + "Section: admin\nPriority: optional\n"
                + "Description: kubelode sandbox stand-in for " + name + " (not Kubernetes' " + name + ")\n";
        Files.createDirectories(tree.resolve("DEBIAN"));
        Files.writeString(tree.resolve("DEBIAN/control"), control);
        String file = name + "_" + version + "_" + arch + ".deb";
        Run.checked(staging, List.of("dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "--build", tree.toString(),
                dir.resolve(file).toString()));
        byte[] deb = Files.readAllBytes(dir.resolve(file));
        return control + "Filename: " + file + "\nSize: " + deb.length + "\nSHA256: " + sha256(deb) + "\n";
    }

    private static String resource(String name) {
        try (InputStream in = StandinRepository.class.getResourceAsStream("/standin/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no stand-in resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops this repository's gpg-agent; the files go with the sandbox's temporary directory. */
    @Override
    public void close() {
        try {
            Run.checked(root, List.of("gpgconf", "--homedir", gnupg.toString(), "--kill", "gpg-agent"));
        } catch (RuntimeException e) {
            // no agent was started
        }
        List<Path> all = new ArrayList<>();
        try (var walk = Files.walk(root)) {
            walk.forEach(all::add);
        } catch (IOException e) {
            return;
        }
        all.stream().sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    }
}
