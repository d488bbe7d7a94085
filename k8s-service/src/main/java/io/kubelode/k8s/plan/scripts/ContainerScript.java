package io.kubelode.k8s.plan.scripts;

import java.util.regex.Pattern;

/**
 * A host script that runs an inner script inside one unprivileged LXC container, as the host user
 * owning it ({@code k8-master} / {@code k8-worker}). The inner script is a quoted here-document of
 * the host script, so it travels on standard input twice and never on a command line.
 */
public final class ContainerScript {
    private static final String DELIMITER = "KUBELODE_INNER_SCRIPT";
    private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private ContainerScript() {
    }

    /** The host script running {@code inner} in {@code container} as {@code owner}. */
    public static String wrap(String owner, String container, Script inner) {
        if (!SAFE.matcher(owner).matches() || !SAFE.matcher(container).matches()) {
            throw new IllegalArgumentException("unsafe container or owner name: " + owner + "/" + container);
        }
        String text = inner.render();
        if (text.contains("\n" + DELIMITER + "\n")) {
            throw new IllegalArgumentException(inner.name() + " contains the here-document delimiter");
        }
        return "#!/usr/bin/env bash\n# kubelode: " + inner.name() + " in " + container + "\n"
                + "set -euo pipefail\n"
                + "readonly OWNER=" + Script.quote(owner) + " CONTAINER=" + Script.quote(container) + "\n"
                + "runuser -u \"$OWNER\" -- lxc-attach -n \"$CONTAINER\" -- \\\n"
                + "  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \\\n"
                + "  bash -s <<'" + DELIMITER + "'\n" + text + (text.endsWith("\n") ? "" : "\n") + DELIMITER + "\n";
    }
}
