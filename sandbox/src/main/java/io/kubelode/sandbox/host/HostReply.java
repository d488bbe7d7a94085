package io.kubelode.sandbox.host;

/**
 * What a host answers a script: exit status, standard output (its last line
 * {@code kubelode:changed|unchanged}, then the script's facts, each {@code key=value} after a tab)
 * and standard error (the script's own notes).
 */
public record HostReply(int exitStatus, String stdout, String stderr) {
    public static final String CHANGED = "kubelode:changed";
    public static final String UNCHANGED = "kubelode:unchanged";

    public static HostReply failed(int exitStatus, String stderr) {
        return new HostReply(exitStatus, "", stderr.endsWith("\n") ? stderr : stderr + "\n");
    }

    /** Collects a successful run: stdout lines, stderr notes, and whether anything changed. */
    static final class Run {
        private final StringBuilder out = new StringBuilder();
        private final StringBuilder facts = new StringBuilder();
        private final StringBuilder err = new StringBuilder();
        private boolean changed;

        Run out(String line) {
            out.append(line).append('\n');
            return this;
        }

        Run fact(String key, String value) {
            facts.append('\t').append(key).append('=').append(value.replaceAll("[\t\n]", " "));
            return this;
        }

        Run note(String line) {
            err.append(line).append('\n');
            return this;
        }

        /** A change, with the note the script prints about it. */
        Run changed(String note) {
            changed = true;
            return note == null ? this : note(note);
        }

        boolean hasChanged() {
            return changed;
        }

        HostReply done() {
            return new HostReply(0, out + (changed ? CHANGED : UNCHANGED) + facts + "\n", err.toString());
        }

        /** Fails after what ran so far (its notes stay on stderr, as they would). */
        HostReply fail(int status, String message) {
            return new HostReply(status, out.toString(), err + message + "\n");
        }
    }
}
