package io.kubelode.support.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One sealed file per cluster for one kind of secret: {@code <dir>/<clusterId>.<kind>.sealed},
 * mode 0600, sealed by {@link Sealer} for the purpose {@code kubelode-<kind>:<clusterId>} (so a
 * file renamed to another cluster or kind does not open). A write goes to a temporary file in the
 * same directory and is renamed over the old one, so a reader (another process sharing the
 * directory) sees the old file or the new one, never half of one.
 */
public final class SealedFiles {
    private static final Pattern CLUSTER_ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,30}");

    private final Path directory;
    private final String kind;
    private final Sealer sealer;

    public SealedFiles(Path directory, String kind, Sealer sealer) {
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("not a kind of sealed file: " + kind);
        }
        this.directory = directory;
        this.kind = kind;
        this.sealer = sealer;
    }

    /**
     * Makes the directory (mode 0700 when it is new) and checks that this process can write it: a
     * service whose secrets would land on no volume (a read-only container, a home it cannot write)
     * fails at its start, naming the setting, instead of at the first cluster.
     */
    public SealedFiles requireWritable(String setting) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + directory + " (" + setting + "): " + e, e);
        }
        if (!Files.isWritable(directory)) {
            throw new IllegalStateException(directory + " (" + setting + ") is not writable by this process: "
                    + "it must be a directory (a volume) this service's user can write");
        }
        return this;
    }

    /** The opened content of the cluster's file, or empty when there is none. */
    public Optional<byte[]> read(String clusterId) {
        Path file = file(clusterId);
        byte[] sealed;
        try {
            sealed = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return Optional.of(sealer.open(sealed, purpose(clusterId)));
        } catch (Sealer.SealException e) {
            throw new Sealer.SealException(file + " does not open with this seal key (every service must be given"
                    + " the same KUBELODE_K8S_SEAL_KEY), or it was tampered with");
        }
    }

    /** Seals {@code plain} into the cluster's file, replacing any earlier one atomically. */
    public void write(String clusterId, byte[] plain) {
        Path file = file(clusterId);
        try {
            createDirectory();
            Path tmp = Files.createTempFile(directory, "." + clusterId + "." + kind, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(tmp, sealer.seal(plain, purpose(clusterId)));
                move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Removes the cluster's file; {@code false} when there was none. */
    public boolean delete(String clusterId) {
        Path file = file(clusterId);
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    /** Where the cluster's file is (whether or not it exists); rejects anything but a cluster id. */
    public Path file(String clusterId) {
        if (clusterId == null || !CLUSTER_ID.matcher(clusterId).matches()) {
            throw new IllegalArgumentException("not a cluster id: " + clusterId);
        }
        return directory.resolve(clusterId + "." + kind + ".sealed");
    }

    /** The directory the files are in. */
    public Path directory() {
        return directory;
    }

    private String purpose(String clusterId) {
        return "kubelode-" + kind + ":" + clusterId;
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Files.createDirectories(directory.toAbsolutePath().getParent());
        try {
            Files.createDirectory(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // another process made it meanwhile
        }
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
