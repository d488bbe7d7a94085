package io.kubelode.sandbox.host;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provisioner's {@code base-role.sh}: the container users with their subordinate id ranges
 * (read from the script's {@code RANGES}), packages, sysctls and modules. A range that overlaps
 * another user's fails as the script's awk check does.
 */
final class BaseRole {
    private static final Pattern RANGES = Pattern.compile("readonly RANGES=\\(([^)]*)\\)");
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
        Matcher ranges = RANGES.matcher(script.text());
        if (ranges.find()) {
            for (String entry : ranges.group(1).replace("\"", "").trim().split("\\s+")) {
                String[] f = entry.split(":");
                if (host.users.add(f[0])) {
                    run.changed("base-role: created user " + f[0]);
                }
                for (String file : List.of("subuid", "subgid")) {
                    String failure = ensureRange(host, run, file, f[0], Long.parseLong(f[1]), Long.parseLong(f[2]));
                    if (failure != null) {
                        return run.fail(1, failure);
                    }
                }
            }
        }
        Matcher files = FILE.matcher(script.text());
        while (files.find()) {
            if (host.files.add(files.group(2))) {
                run.changed("base-role: wrote " + files.group(2));
            }
        }
        return run.done();
    }

    private static String ensureRange(HostState host, HostReply.Run run, String file, String user, long start,
                                      long count) {
        List<String> lines = host.subids.get(file);
        String want = user + ":" + start + ":" + count;
        if (!lines.contains(want) || lines.stream().filter(l -> l.startsWith(user + ":")).count() != 1) {
            lines.removeIf(l -> l.startsWith(user + ":"));
            lines.add(want);
            run.changed("base-role: set /etc/" + file + " range of " + user + " to " + start + "+" + count);
        }
        for (String line : lines) {
            String[] f = line.split(":");
            long s = Long.parseLong(f[1]);
            long c = Long.parseLong(f[2]);
            boolean delegation = f[0].equals("root") && s == start && c == count;
            if (!f[0].equals(user) && !delegation && s < start + count && start < s + c) {
                return "base-role: /etc/" + file + " range of " + user + " (" + start + "+" + count + ") overlaps "
                        + f[0] + " (" + s + "+" + c + ")";
            }
        }
        return null;
    }
}
