package io.kubelode.lxc.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The host scripts of this layer, rendered for one node: the plan's values are prepended as
 * shell variables (single-quoted; every value is also checked against a conservative pattern,
 * so nothing from an event can become shell syntax), then the script's text follows.
 */
public enum LxcScript {
    /** LXD installed and initialised, modules, sysctls, id delegation, image, profile. */
    HOST("lxd-host.sh"),
    /** The two unprivileged containers with their maps and static addresses. */
    CONTAINERS("lxd-containers.sh"),
    /** Compensation: containers, profile and bridge gone. */
    RELEASE("lxd-release.sh");

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:/,= -]*");

    private final String resource;

    LxcScript(String resource) {
        this.resource = resource;
    }

    /** The resource name under {@code scripts/}. */
    public String resource() {
        return resource;
    }

    /** The script's own text, as committed (what shellcheck checks). */
    public String text() {
        try (InputStream in = LxcScript.class.getResourceAsStream("/scripts/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("scripts/" + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variables this script gets for the plan. */
    public static Map<String, String> variables(LxcPlan plan) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("CLUSTER_ID", plan.clusterId());
        v.put("PROFILE", plan.profile());
        v.put("BRIDGE", plan.bridge());
        v.put("BRIDGE_CIDR", plan.bridgeCidr());
        v.put("GATEWAY", plan.gateway());
        v.put("PREFIX", Integer.toString(plan.prefix()));
        v.put("POOL", LxcPlan.POOL);
        v.put("IMAGE_ALIAS", LxcPlan.IMAGE_ALIAS);
        v.put("IMAGE_TARBALL", LxcPlan.IMAGE_TARBALL);
        v.put("OWNERS", LxcPlan.MASTER_USER + " " + LxcPlan.WORKER_USER);
        v.put("CONTAINERS", plan.containers().stream().map(c -> c.name() + "," + c.owner() + "," + c.address())
                .collect(Collectors.joining(" ")));
        return v;
    }

    /** The script ready to run on the plan's node: the variables it uses, then its text. */
    public String render(LxcPlan plan) {
        String text = text();
        StringBuilder head = new StringBuilder();
        variables(plan).forEach((k, value) -> {
            if (!Pattern.compile("\\$\\{?" + k + "\\b").matcher(text).find()) {
                return;
            }
            if (!SAFE.matcher(value).matches()) {
                throw new IllegalArgumentException(k + " has characters a host script does not accept: " + value);
            }
            head.append(k).append("='").append(value).append("'\n");
        });
        if (!text.startsWith("#!")) {
            return head + text;
        }
        int eol = text.indexOf('\n');
        return text.substring(0, eol + 1) + head + text.substring(eol + 1);
    }
}
