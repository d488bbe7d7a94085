package io.kubelode.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A cluster CA and an API server certificate for an address, minted with the real {@code openssl} CLI. */
public final class Openssl {
    private Openssl() {}

    /** PEM texts; keys are SEC 1 {@code EC PRIVATE KEY} on P-256, as kubelode's PKI writes them. */
    public record Pki(String caCrt, String caKey, String apiCrt, String apiKey) {}

    public static Pki mint(String ipAddress) {
        try {
            Path dir = Files.createTempDirectory("sandbox-ca");
            run(dir, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key");
            run(dir, "openssl", "req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=kubernetes", "-days", "2",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                    "-out", "ca.crt");
            Pki ca = new Pki(read(dir, "ca.crt"), read(dir, "ca.key"), null, null);
            delete(dir);
            return reissue(ca, ipAddress);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code pki} with a new API server certificate for {@code ipAddress}, from the same CA (a re-issue). */
    public static Pki reissue(Pki pki, String ipAddress) {
        try {
            Path dir = Files.createTempDirectory("sandbox-pki");
            Files.writeString(dir.resolve("ca.crt"), pki.caCrt());
            Files.writeString(dir.resolve("ca.key"), pki.caKey());
            run(dir, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "apiserver.key");
            run(dir, "openssl", "req", "-new", "-key", "apiserver.key", "-subj", "/CN=kube-apiserver",
                    "-out", "apiserver.csr");
            Files.writeString(dir.resolve("ext"), "subjectAltName=IP:" + ipAddress + ",DNS:kubernetes\n"
                    + "extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n");
            run(dir, "openssl", "x509", "-req", "-in", "apiserver.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-days", "2", "-extfile", "ext", "-out", "apiserver.crt");
            Pki out = new Pki(pki.caCrt(), pki.caKey(), read(dir, "apiserver.crt"), read(dir, "apiserver.key"));
            delete(dir);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private static String read(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    private static void run(Path dir, String... command) throws IOException {
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
