package io.kubelode.testkit.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * Application class-data sharing for one service's fast-jar, the same scheme as {@code ./kubelode}:
 * a run without an archive writes one when it exits cleanly ({@code -XX:ArchiveClassesAtExit}),
 * and later runs map those classes instead of loading, verifying and linking them again (dns-service
 * started in 1.5–2.3 s with it, 2.2–3.4 s without, on this machine).
 *
 * <p>JDK 17 accepts an archive only for the class path it was written for, compared as written and
 * with the jars' sizes and modification times. So a service is launched from the folder that holds
 * {@code quarkus-app} as {@code -jar quarkus-app/quarkus-run.jar}, and a {@link JarSnapshot} keeps
 * the modification times: one archive then fits the module's own {@code target/quarkus-app} and
 * every stack's copy of it. A rebuilt jar makes the archive stale; it is then written again.
 */
final class AppCds {
    static final String ARCHIVE = "kubelode-cds.jsa";
    static final String TRAINING_SUFFIX = ".tmp";

    private final Path app;
    private final Path source;
    private Path training;

    /**
     * @param app    the {@code quarkus-app} folder the process runs from
     * @param source the module's own {@code target/quarkus-app}, where a new archive is published too
     */
    AppCds(Path app, Path source) {
        this.app = app;
        this.source = source;
    }

    /** The JVM options of the next run: use the archive, or write one at exit. */
    synchronized List<String> jvmOptions() {
        Path archive = app.resolve(ARCHIVE);
        training = null;
        if (usable(app)) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        training = app.resolve(ARCHIVE + "." + System.nanoTime() + TRAINING_SUFFIX);
        // the JVM lists every class it could not archive as a warning: not worth a service's log
        return List.of("-XX:ArchiveClassesAtExit=" + training, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** Whether the current run writes an archive as it exits (which takes seconds of CPU). */
    synchronized boolean training() {
        return training != null;
    }

    /**
     * After the process ended: a clean exit wrote the training run's archive, which becomes the
     * archive of this copy and of the module; after a kill the partial file is dropped.
     */
    synchronized void exited(boolean clean) {
        Path written = training;
        training = null;
        if (written == null) {
            return;
        }
        try {
            if (clean && Files.isRegularFile(written) && Files.size(written) > 0) {
                publish(written, source);
                Files.move(written, app.resolve(ARCHIVE), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            Files.deleteIfExists(written);
        } catch (IOException e) {
            // without an archive the next run is only slower, and writes one again
        }
    }

    /** Whether the class path jars of both folders have the same sizes and modification times. */
    private static boolean sameJars(Path app, Path source) throws IOException {
        try (Stream<Path> files = Files.walk(app.resolve("lib/boot"))) {
            for (Path p : Stream.concat(Stream.of(app.resolve("quarkus-run.jar")), files).toList()) {
                Path other = source.resolve(app.relativize(p).toString());
                if (Files.isRegularFile(p) && (!Files.isRegularFile(other) || Files.size(p) != Files.size(other)
                        || !Files.getLastModifiedTime(p).equals(Files.getLastModifiedTime(other)))) {
                    return false;
                }
            }
            return true;
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    /** Whether {@code app} holds an archive written after every jar it has. */
    static boolean usable(Path app) {
        Path archive = app.resolve(ARCHIVE);
        if (!Files.isRegularFile(archive)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(app)) {
            FileTime written = Files.getLastModifiedTime(archive);
            return files.filter(p -> p.toString().endsWith(".jar"))
                    .noneMatch(p -> modified(p).compareTo(written) > 0);
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Copies the archive into the module's folder under a temporary name, then renames it there;
     * not when the module was rebuilt since the copy was taken (the archive fits the old jars).
     */
    private void publish(Path archive, Path source) throws IOException {
        if (source == null || !sameJars(app, source)) {
            return;
        }
        Path tmp = source.resolve(ARCHIVE + "." + ProcessHandle.current().pid() + "." + System.nanoTime()
                + TRAINING_SUFFIX);
        try {
            Files.copy(archive, tmp, StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(tmp, source.resolve(ARCHIVE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
