package io.kubelode.testkit.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which class-data archive a stack's copy of a service starts with, if any. */
class AppCdsTest {
    private static final FileTime BUILT = FileTime.from(Instant.parse("2026-11-25T10:00:00Z"));
    private static final FileTime TRAINED = FileTime.from(Instant.parse("2026-11-25T10:05:00Z"));

    @TempDir
    Path tmp;

    @Test
    void theCopyKeepsTheJarsTimesAndMapsTheModulesArchive() throws IOException {
        Path source = module("gateway");
        write(source.resolve(AppCds.ARCHIVE), "archive", TRAINED);
        write(source.resolve(AppCds.ARCHIVE + ".up1.tmp"), "half-written", TRAINED);

        Path app = JarSnapshot.of(source.getParent().getParent(), tmp.resolve("stack"));

        assertThat(Files.getLastModifiedTime(app.resolve("lib/boot/a.jar"))).isEqualTo(BUILT);
        assertThat(app.resolve(AppCds.ARCHIVE + ".up1.tmp")).as("an archive still being written").doesNotExist();
        assertThat(Files.isSameFile(app.resolve(AppCds.ARCHIVE), source.resolve(AppCds.ARCHIVE)))
                .as("the archive is linked, not copied").isTrue();
        assertThat(AppCds.jvmOptions(app, source))
                .containsExactly("-XX:SharedArchiveFile=" + app.resolve(AppCds.ARCHIVE));
    }

    @Test
    void anArchiveWrittenAfterTheCopyIsPickedUpAtTheNextLaunch() throws IOException {
        Path source = module("dns-service");
        Path app = JarSnapshot.of(source.getParent().getParent(), tmp.resolve("stack"));
        assertThat(AppCds.jvmOptions(app, source)).as("no archive yet").isEmpty();

        write(source.resolve(AppCds.ARCHIVE), "archive", TRAINED);

        assertThat(AppCds.jvmOptions(app, source))
                .containsExactly("-XX:SharedArchiveFile=" + app.resolve(AppCds.ARCHIVE));
    }

    @Test
    void anArchiveOlderThanAJarIsNotUsed() throws IOException {
        Path source = module("k8s-service");
        write(source.resolve(AppCds.ARCHIVE), "archive", TRAINED);
        Files.setLastModifiedTime(source.resolve("lib/main/b.jar"), FileTime.from(Instant.parse("2026-11-25T11:00:00Z")));

        assertThat(AppCds.usable(source)).isFalse();
        Path app = JarSnapshot.of(source.getParent().getParent(), tmp.resolve("stack"));
        assertThat(AppCds.jvmOptions(app, source)).isEmpty();
    }

    @Test
    void theArchiveOfARebuiltModuleIsNotTakenIntoAnOlderCopy() throws IOException {
        Path source = module("apps-service");
        Path app = JarSnapshot.of(source.getParent().getParent(), tmp.resolve("stack"));
        // rebuilt after the copy was taken, then trained: the archive fits the new jars only
        FileTime rebuilt = FileTime.from(Instant.parse("2026-11-25T12:00:00Z"));
        write(source.resolve("lib/boot/a.jar"), "a, rebuilt", rebuilt);
        write(source.resolve(AppCds.ARCHIVE), "archive", FileTime.from(Instant.parse("2026-11-25T12:05:00Z")));

        assertThat(AppCds.usable(source)).isTrue();
        assertThat(AppCds.jvmOptions(app, source)).isEmpty();
        assertThat(app.resolve(AppCds.ARCHIVE)).doesNotExist();
    }

    /** A module's fast-jar folder, every jar built at {@link #BUILT}. */
    private Path module(String name) throws IOException {
        Path app = tmp.resolve("repo").resolve(name).resolve("target/quarkus-app");
        for (String jar : List.of("quarkus-run.jar", "lib/boot/a.jar", "lib/main/b.jar", "app/" + name + ".jar")) {
            write(app.resolve(jar), jar, BUILT);
        }
        return app;
    }

    private static void write(Path file, String content, FileTime time) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, time);
    }
}
