package io.kubelode.testkit.lxc;

import io.kubelode.support.shell.CommandResult;
import io.kubelode.support.shell.NodeShell;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@link NodeShell} into a local LXC container through {@code lxc-attach}: no SSH, for
 * developing scripts and for assertions from outside the SSH path.
 */
public final class LxcAttachShell implements NodeShell {
    private final Path lxcPath;
    private final String name;

    public LxcAttachShell(Path lxcPath, String name) {
        this.lxcPath = lxcPath;
        this.name = name;
    }

    @Override
    public CommandResult run(String script, Duration timeout) {
        return Exec.run(List.of("lxc-attach", "-P", lxcPath.toString(), "-n", name, "--clear-env",
                "--set-var", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "--", "bash", "-s"), script, timeout);
    }

    @Override
    public String target() {
        return "lxc-attach:" + name;
    }

    @Override
    public void close() {
        // nothing held open
    }
}
