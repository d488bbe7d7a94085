package io.kubelode.k8s.plan.scripts;

import java.util.regex.Pattern;

/**
 * A host script that runs an inner script inside one of the node's two unprivileged containers,
 * through the LXD that the lxc layer made them with ({@code lxc exec}, as root on the host), after
 * checking that the container has the expected role ({@code master} / {@code worker}, the lxc layer's
 * label {@code user.kubelode.role}). The inner script is a quoted here-document of the
 * host script, so it travels on standard input twice and never on a command line.
 *
 * <p>It used to enter them with {@code runuser -u k8-master -- lxc-attach}: the containers are LXD's,
 * not a user's own LXC, and nothing installs {@code lxc-attach}, so on a real host every k8s
 * script failed ("runuser: failed to execute lxc-attach: No such file or directory", seen on the
 * shared real-host scenario).
 */
public final class ContainerScript {
    private static final String DELIMITER = "KUBELODE_INNER_SCRIPT";
    private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** Checks the role, then enters the container with a clean environment; the here-document follows. */
    static final String ENTER = """
            if ! role=$(lxc config get "$CONTAINER" user.kubelode.role); then
              echo "kubelode: no container $CONTAINER on this host" >&2
              exit 1
            fi
            if [[ "$role" != "$ROLE" ]]; then
              echo "kubelode: container $CONTAINER is the ${role:-unlabelled} container, not the $ROLE" >&2
              exit 1
            fi
            lxc exec "$CONTAINER" --mode=non-interactive -- \\
              env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \\
            """;

    private ContainerScript() {
    }

    /** The host script running {@code inner} in {@code container}, which must have {@code role}. */
    public static String wrap(Role role, String container, Script inner) {
        if (!SAFE.matcher(container).matches()) {
            throw new IllegalArgumentException("unsafe container name: " + container);
        }
        String text = inner.render();
        if (text.contains("\n" + DELIMITER + "\n")) {
            throw new IllegalArgumentException(inner.name() + " contains the here-document delimiter");
        }
        return "#!/usr/bin/env bash\n# kubelode: " + inner.name() + " in " + container + "\n"
                + "set -euo pipefail\n"
                + "readonly ROLE=" + Script.quote(role.label()) + " CONTAINER=" + Script.quote(container) + "\n"
                + ENTER
                + "  bash -s <<'" + DELIMITER + "'\n" + text + (text.endsWith("\n") ? "" : "\n") + DELIMITER + "\n";
    }
}
