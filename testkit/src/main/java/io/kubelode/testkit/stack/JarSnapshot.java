package io.kubelode.testkit.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A private copy of a module's Quarkus fast-jar ({@code target/quarkus-app}). Other people
 * rebuild modules while a stack runs; a JVM whose jars are rewritten under it fails with
 * NoSuchMethodError or NoClassDefFoundError, and a restarted service would run other code than
 * the one it replaces.
 */
final class JarSnapshot {
    private static final Duration SETTLE = Duration.ofSeconds(90);

    private JarSnapshot() {
    }

    /**
     * Copies {@code <moduleDir>/target/quarkus-app} to {@code <into>/<module>/quarkus-app}, with the
     * files' modification times (an {@link AppCds} archive is checked against them); returns the copy.
     */
    static Path of(Path moduleDir, Path into) {
        Path app = moduleDir.resolve("target/quarkus-app");
        Path target = into.resolve(moduleDir.getFileName().toString()).resolve("quarkus-app");
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            try {
                if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                    throw new IOException(app.resolve("quarkus-run.jar") + " is missing: build "
                            + moduleDir.getFileName() + " first");
                }
                copyTree(app, target);
                return target.toAbsolutePath();
            } catch (IOException | UncheckedIOException e) {
                // a build in progress removes and rewrites the folder: wait for it and copy again
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not copy " + app + ": " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
    }

    /**
     * The class-data archive (50–70 MB a service) is hard-linked, not copied: it is only ever
     * replaced by a rename, never rewritten in place, so the link keeps the content it had.
     */
    static void link(Path archive, Path dest) throws IOException {
        Files.deleteIfExists(dest);
        try {
            Files.createLink(dest, archive);
        } catch (IOException | UnsupportedOperationException e) {
            // another file system
            Files.copy(archive, dest, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else if (p.getFileName().toString().equals(AppCds.ARCHIVE)) {
                    link(p, dest);
                } else if (!p.getFileName().toString().endsWith(AppCds.TRAINING_SUFFIX)) {
                    // not an archive another run is still writing
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
