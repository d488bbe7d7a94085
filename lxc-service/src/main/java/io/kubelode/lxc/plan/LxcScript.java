package io.kubelode.lxc.plan;

import io.kubelode.nodeshell.script.HostScript;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The host scripts of this layer ({@link HostScript}: each declares its name and inputs), rendered
 * for one node: the inputs it declares, from the plan, as single-quoted shell variables (every value
 * is also checked against a conservative pattern, so nothing from an event can become shell syntax),
 * then the layer's library ({@code lxc-lib.sh}: the report line and the log lines), then the script's text.
 */
public enum LxcScript {
    /** LXD installed and initialised, modules, sysctls, id delegation, image, profile. */
    HOST("lxd-host.sh"),
    /** The two unprivileged containers with their maps and static addresses. */
    CONTAINERS("lxd-containers.sh"),
    /** Compensation: containers, profile and bridge gone. */
    RELEASE("lxd-release.sh");

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:/,= -]*");
    /** The layer's library, between a script's inputs and its text: its report line and its log lines. */
    private static final String LIBRARY = HostScript.library(LxcScript.class, "lxc-lib.sh");

    private final String resource;

    LxcScript(String resource) {
        this.resource = resource;
    }

    /** The resource name under {@code scripts/}. */
    public String resource() {
        return resource;
    }

    /** The script as committed: its declared name and inputs, and its text (what shellcheck checks). */
    public HostScript script() {
        return HostScript.load(LxcScript.class, resource);
    }

    /** The script's own text, as committed. */
    public String text() {
        return script().text();
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
        v.put("RANGES", plan.containers().stream().map(c -> c.role() + ":" + c.range())
                .collect(Collectors.joining(" ")));
        v.put("CONTAINERS", plan.containers().stream()
                .map(c -> c.name() + "," + c.role() + "," + c.address() + "," + c.range())
                .collect(Collectors.joining(" ")));
        return v;
    }

    /** The script ready to run on the plan's node: the inputs it declares, from the plan, the library, then its text. */
    public String render(LxcPlan plan) {
        HostScript script = script();
        Map<String, String> all = variables(plan);
        Map<String, String> inputs = new LinkedHashMap<>();
        for (String input : script.inputs()) {
            String value = all.get(input);
            if (value != null && !SAFE.matcher(value).matches()) {
                throw new IllegalArgumentException(input + " has characters a host script does not accept: " + value);
            }
            inputs.put(input, value);
        }
        return script.render(inputs, LIBRARY);
    }
}
