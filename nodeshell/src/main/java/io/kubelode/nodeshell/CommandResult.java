package io.kubelode.nodeshell;

import io.kubelode.nodeshell.script.HostScript;

/**
 * What a script did.
 *
 * @param exitStatus the exit status
 * @param stdout     standard output
 * @param stderr     standard error
 */
public record CommandResult(int exitStatus, String stdout, String stderr) {

    /**
     * Whether the script reported {@link NodeShell#CHANGED} on its report line, which may carry its
     * facts after the marker ({@link HostScript#reportFields}).
     */
    public boolean changed() {
        return HostScript.reportFields(stdout)[0].equals(NodeShell.CHANGED);
    }

    /** The last lines of stderr (at most 2,000 characters), for failure messages. */
    public String stderrTail() {
        String err = stderr.strip();
        return err.length() <= 2000 ? err : "…" + err.substring(err.length() - 2000);
    }
}
