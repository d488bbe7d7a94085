package io.kubelode.sandbox.host;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provisioner's {@code base-role.sh}: packages, sysctls and modules (it makes no user and no
 * id range: the lxc layer delegates the containers' ranges to root).
 */
final class BaseRole {
    private static final Pattern ARRAY = Pattern.compile("readonly (REQUIRED_PACKAGES|OPTIONAL_PACKAGES)=\\(([^)]*)\\)",
            Pattern.DOTALL);
    private static final Pattern FILE = Pattern.compile("readonly (SYSCTL_FILE|MODULES_FILE)=(\\S+)");

    private BaseRole() {}

    static HostReply answer(HostState host, ScriptText script) {
        HostReply.Run run = new HostReply.Run();
        List<String> install = new ArrayList<>();
        Matcher arrays = ARRAY.matcher(script.text());
        while (arrays.find()) {
            for (String pkg : arrays.group(2).trim().split("\\s+")) {
                // Debian 12 has selinux-utils, policycoreutils and selinux-basics: all install
                if (!pkg.isEmpty() && !host.packages.contains(pkg)) {
                    install.add(pkg);
                }
            }
        }
        if (!install.isEmpty()) {
            host.packages.addAll(install);
            run.changed("base-role: installed " + String.join(" ", install));
        }
        Matcher files = FILE.matcher(script.text());
        while (files.find()) {
            if (host.files.add(files.group(2))) {
                run.changed("base-role: wrote " + files.group(2));
            }
        }
        return run.done();
    }
}
