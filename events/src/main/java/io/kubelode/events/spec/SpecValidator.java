package io.kubelode.events.spec;

import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.plan.Cidr;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a {@link ClusterSpec} and names every field that is wrong, with what would be accepted. */
public final class SpecValidator {

    /** Longest cluster name: room is left for {@code -<n>-master} inside Linode's 64-character labels. */
    public static final int MAX_NAME = 40;
    /** Fewest nodes of an HA control plane with stacked etcd. */
    public static final int MIN_NODES = 3;

    /** A DNS-1123 label that is also a valid Linode label prefix: starts with a letter, no "--". */
    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}-[a-z]+(-[0-9]+)?");
    private static final Pattern LINODE_TYPE = Pattern.compile("g[0-9]+-[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9_-]+/[a-z0-9._-]+");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{4,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    /** MAJOR.MINOR.PATCH, digits only, no leading zeros, no leading v (scripts and kubeadm add it). */
    private static final Pattern K8S_VERSION = Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)");
    private static final Pattern ENDPOINT = Pattern.compile("([a-zA-Z0-9.-]+|\\[[0-9a-fA-F:]+]):([0-9]{1,5})");
    /**
     * Oldest Kubernetes minor kubelode installs: the oldest one upstream still patches. Kubernetes
     * supports its three most recent minors for about 14 months each; on 2026-12-06 those are 1.35
     * (end of life 2027-02-28), 1.36 and 1.37 (1.34 ended 2026-10-27). Raise it as minors reach
     * their end of life (k8s-service/README.md, "Versions").
     */
    public static final int MIN_K8S_MINOR = 35;

    private SpecValidator() {
    }

    /** Every violation in the spec; empty when the spec is acceptable. */
    public static List<FieldViolation> validate(ClusterSpec spec) {
        List<FieldViolation> out = new ArrayList<>();
        if (spec == null) {
            out.add(new FieldViolation("", "a cluster spec is required"));
            return out;
        }
        name(spec.name(), out);
        matches("region", spec.region(), REGION, "a Linode region such as eu-central or us-east", out);
        matches("nodeType", spec.nodeType(), LINODE_TYPE, "a Linode type such as " + ClusterSpec.DEFAULT_TYPE, out);
        matches("image", spec.image(), IMAGE, "a Linode image such as linode/debian12", out);
        if (spec.nodes() < MIN_NODES || spec.nodes() > AddressPlan.MAX_NODES) {
            out.add(new FieldViolation("nodes", "must be between " + MIN_NODES + " and " + AddressPlan.MAX_NODES
                    + " (an HA control plane needs at least 3), was " + spec.nodes()));
        }
        matches("domain", spec.domain(), DOMAIN, "a lower-case DNS domain such as example.org", out);
        apps(spec.apps(), out);
        sshKeys(spec.sshKeys(), out);
        kubernetesVersion(spec.kubernetesVersion(), out);
        if (spec.homePeer() != null) {
            homePeer(spec.homePeer(), out);
        }
        return out;
    }

    private static void name(String name, List<FieldViolation> out) {
        if (name == null || name.isBlank()) {
            out.add(new FieldViolation("name", "is required: a DNS-1123 label such as homelab"));
        } else if (name.length() > MAX_NAME || !NAME.matcher(name).matches() || name.contains("--")) {
            out.add(new FieldViolation("name", "must be a DNS-1123 label of at most " + MAX_NAME
                    + " characters (lower-case letters, digits, single '-'), starting with a letter and ending with a"
                    + " letter or digit, as Linode labels need, was '" + name + "'"));
        }
    }

    private static void matches(String field, String value, Pattern pattern, String what, List<FieldViolation> out) {
        if (value == null || value.isBlank()) {
            out.add(new FieldViolation(field, "is required: " + what));
        } else if (!pattern.matcher(value).matches()) {
            out.add(new FieldViolation(field, "must be " + what + ", was '" + value + "'"));
        }
    }

    private static void apps(List<App> apps, List<FieldViolation> out) {
        Set<App> seen = new HashSet<>();
        for (int i = 0; i < apps.size(); i++) {
            App app = apps.get(i);
            if (app == null) {
                out.add(new FieldViolation("apps[" + i + "]", "must be one of " + App.catalog()));
            } else if (!seen.add(app)) {
                out.add(new FieldViolation("apps[" + i + "]", "'" + app.id() + "' is listed twice"));
            }
        }
    }

    private static void sshKeys(List<String> keys, List<FieldViolation> out) {
        if (keys.isEmpty()) {
            out.add(new FieldViolation("sshKeys", "at least one OpenSSH public key is required"));
        }
        for (int i = 0; i < keys.size(); i++) {
            try {
                SshPublicKey.parse(keys.get(i));
            } catch (IllegalArgumentException e) {
                out.add(new FieldViolation("sshKeys[" + i + "]", "must be an OpenSSH public key line such as"
                        + " 'ssh-ed25519 AAAA... me@home' (as in ~/.ssh/id_ed25519.pub), but " + e.getMessage()));
            }
        }
    }

    private static void kubernetesVersion(String version, List<FieldViolation> out) {
        var m = version == null ? null : K8S_VERSION.matcher(version);
        if (m == null || !m.matches()) {
            out.add(new FieldViolation("kubernetesVersion", "must be a Kubernetes release as MAJOR.MINOR.PATCH, digits"
                    + " only, such as " + ClusterSpec.DEFAULT_KUBERNETES + ", was '" + version + "'"
                    + correctedVersion(version)));
        } else if (!m.group(1).equals("1") || Integer.parseInt(m.group(2)) < MIN_K8S_MINOR) {
            out.add(new FieldViolation("kubernetesVersion", "must be 1." + MIN_K8S_MINOR
                    + " or a newer 1.x release (older minors no longer get security fixes), was '" + version + "'"));
        }
    }

    /** {@code ": write 1.36.1, without the v"} when the value is a version in another spelling, else empty. */
    private static String correctedVersion(String version) {
        if (version == null) {
            return "";
        }
        String bare = version.strip();
        String without = bare.startsWith("v") || bare.startsWith("V") ? "without the " + bare.charAt(0) : null;
        bare = without == null ? bare : bare.substring(1);
        if (!K8S_VERSION.matcher(bare).matches()) {
            return "";
        }
        return ": write " + bare + (without != null ? ", " + without : ", without the surrounding spaces");
    }

    private static void homePeer(HomePeer peer, List<FieldViolation> out) {
        var endpoint = peer.endpoint() == null ? null : ENDPOINT.matcher(peer.endpoint());
        if (endpoint == null || !endpoint.matches() || Integer.parseInt(endpoint.group(2)) < 1
                || Integer.parseInt(endpoint.group(2)) > 65535) {
            out.add(new FieldViolation("homePeer.endpoint", "must be host:port of the home WireGuard server, was '"
                    + peer.endpoint() + "'"));
        }
        if (!isWireGuardKey(peer.publicKey())) {
            out.add(new FieldViolation("homePeer.publicKey",
                    "must be a WireGuard public key: 32 bytes in base64 (44 characters)"));
        }
        if (peer.lanCidr() == null) {
            out.add(new FieldViolation("homePeer.lanCidr", "is required: the home LAN, such as 192.168.1.0/24"));
        } else {
            try {
                Cidr lan = Cidr.parse(peer.lanCidr());
                if (lan.overlaps(AddressPlan.LINODE_PRIVATE)) {
                    out.add(new FieldViolation("homePeer.lanCidr", "must not overlap Linode's private network "
                            + AddressPlan.LINODE_PRIVATE + ", was '" + peer.lanCidr() + "'"));
                } else if (lan.prefix() < 9) {
                    out.add(new FieldViolation("homePeer.lanCidr", "must be /9 or narrower so cluster addresses fit"
                            + " beside it, was '" + peer.lanCidr() + "'"));
                }
            } catch (IllegalArgumentException e) {
                out.add(new FieldViolation("homePeer.lanCidr", e.getMessage()));
            }
        }
        if (peer.backupPort() < 1 || peer.backupPort() > 65535) {
            out.add(new FieldViolation("homePeer.backupPort", "must be a TCP port 1..65535, was " + peer.backupPort()));
        }
    }

    private static boolean isWireGuardKey(String key) {
        if (key == null || key.length() != 44) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
