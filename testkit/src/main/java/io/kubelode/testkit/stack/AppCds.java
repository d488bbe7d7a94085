package io.kubelode.testkit.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class-data archive {@code ./kubelode} writes for a service (its first run writes
 * {@code <module>/target/quarkus-app/kubelode-cds.jsa} as it exits): a stack's copy of the service
 * maps those classes instead of loading, verifying and linking them again. A stack only uses an
 * archive, it never writes one: writing takes seconds of CPU at every first exit, and a CI run starts
 * every stack from a fresh build (it made {@code .ci/run} 1.5 minutes longer when the stacks did).
 *
 * <p>JDK 17 accepts an archive only for the class path it was written for, compared as written and
 * with the jars' sizes and modification times. So a service is launched from the folder that holds
 * {@code quarkus-app} as {@code -jar quarkus-app/quarkus-run.jar}, as {@code ./kubelode} does, and a
 * {@link JarSnapshot} keeps the modification times: the module's archive fits the copy.
 */
final class AppCds {
    static final String ARCHIVE = "kubelode-cds.jsa";
    /** The suffix of an archive {@code ./kubelode} is still writing. */
    static final String TRAINING_SUFFIX = ".tmp";

    private AppCds() {
    }

    /**
     * The JVM option that maps the archive, or none. The copy's own archive is used if it has one;
     * otherwise the module's, when it was written since the copy was taken (linked into the copy).
     *
     * @param app    the {@code quarkus-app} folder the process runs from
     * @param source the module's own {@code target/quarkus-app}
     */
    static List<String> jvmOptions(Path app, Path source) {
        Path archive = app.resolve(ARCHIVE);
        if (!usable(app) && source != null && usable(source) && sameJars(app, source)) {
            try {
                JarSnapshot.link(source.resolve(ARCHIVE), archive);
            } catch (IOException e) {
                return List.of();
            }
        }
        return usable(app) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
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
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** Whether the class path jars of both folders have the same sizes and modification times. */
    static boolean sameJars(Path app, Path source) {
        try (Stream<Path> boot = Files.walk(app.resolve("lib/boot"))) {
            for (Path p : Stream.concat(Stream.of(app.resolve("quarkus-run.jar")), boot).toList()) {
                Path other = source.resolve(app.relativize(p).toString());
                if (Files.isRegularFile(p) && (!Files.isRegularFile(other) || Files.size(p) != Files.size(other)
                        || !Files.getLastModifiedTime(p).equals(Files.getLastModifiedTime(other)))) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
