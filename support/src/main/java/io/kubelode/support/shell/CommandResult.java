package io.kubelode.support.shell;

/**
 * What a script did.
 *
 * @param exitStatus the exit status
 * @param stdout     standard output
 * @param stderr     standard error
 */
public record CommandResult(int exitStatus, String stdout, String stderr) {

    /** Whether the script reported {@link NodeShell#CHANGED} as its last line. */
    public boolean changed() {
        String out = stdout.strip();
        return out.endsWith(NodeShell.CHANGED);
    }

    /** The last lines of stderr (at most 2,000 characters), for failure messages. */
    public String stderrTail() {
        String err = stderr.strip();
        return err.length() <= 2000 ? err : "…" + err.substring(err.length() - 2000);
    }
}
