package io.kubelode.apps.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The POSIX sh scripts shipped in ConfigMaps (the images they run in carry no bash). */
public final class Scripts {
    public static final String BACKUP = "backup.sh";
    public static final String RESTORE = "restore.sh";
    public static final String GITEA_ADMIN = "gitea-admin.sh";
    public static final String LOCAL_PATH_SETUP = "local-path-setup.sh";
    public static final String LOCAL_PATH_TEARDOWN = "local-path-teardown.sh";

    private Scripts() {
    }

    public static String load(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
