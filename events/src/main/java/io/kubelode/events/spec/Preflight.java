package io.kubelode.events.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Checks a valid {@link ClusterSpec} against what the Linode account offers, before anything is
 * created: the region offers {@code Linodes} and {@code Metadata} (the instances' user data carries
 * their pinned SSH host keys), the image offers {@code cloud-init}, the type exists, and the apps
 * fit the type's memory ({@link MemoryFit}). The gateway runs it for the dry run and the POST, the
 * provisioner again before the first create. A pure function of what the Linode API answered.
 */
public final class Preflight {
    /** The region capability that {@code metadata.user_data} needs. */
    public static final String METADATA = "Metadata";
    /** The region capability of compute instances. */
    public static final String LINODES = "Linodes";
    /** The image capability that {@code metadata.user_data} needs. */
    public static final String CLOUD_INIT = "cloud-init";

    /** An entry of {@code GET /regions}. */
    public record Region(String id, List<String> capabilities) {
        public Region {
            capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        }
    }

    /** An entry of {@code GET /images}. */
    public record Image(String id, List<String> capabilities) {
        public Image {
            capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        }
    }

    /** An entry of {@code GET /linode/types}: memory in MiB, the monthly price in US dollars. */
    public record NodeType(String id, String label, int memoryMiB, BigDecimal monthly) {
    }

    /**
     * Another type that fits, or what to leave out to fit a cheaper one.
     *
     * @param type  the type
     * @param drop  apps to leave out for {@code type} (empty when every asked app fits)
     */
    public record Suggestion(NodeType type, List<App> drop) {
    }

    /**
     * The outcome.
     *
     * @param refusals     what can never work (missing capability, unknown region, image or type), by field
     * @param type         the asked type, null when Linode has no such type
     * @param budget       the memory budget on the asked type, null without it
     * @param smallestFit  the cheapest type the asked apps fit, null when none does
     * @param cheaper      a type cheaper than {@code smallestFit} with the apps to drop to fit it, null when none
     */
    public record Result(List<FieldViolation> refusals, NodeType type, MemoryFit.Budget budget,
                         NodeType smallestFit, Suggestion cheaper) {
        /** Nothing refused and the apps fit (or the spec accepts that they do not). */
        public boolean accepted(ClusterSpec spec) {
            return refusals.isEmpty() && (budget.fits() || spec.overcommitMemory());
        }

        /** The plan's memory does not fit and the spec does not force it. */
        public boolean tooSmall(ClusterSpec spec) {
            return refusals.isEmpty() && !budget.fits() && !spec.overcommitMemory();
        }

        /** One sentence on the memory: what is missing and what fits instead. */
        public String memoryVerdict() {
            if (budget == null) {
                return "";
            }
            if (budget.fits()) {
                return budget.nodes() + " x " + type.id() + " (" + type.memoryMiB() + " MiB): the apps request "
                        + budget.requestsMiB() + " MiB, " + budget.headroomMiB() + " MiB to spare";
            }
            StringBuilder s = new StringBuilder(type.id() + " (" + type.memoryMiB() + " MiB) is too small: every"
                    + " instance holds " + budget.perInstanceMiB() + " MiB for the system and the two Kubernetes"
                    + " nodes before any pod");
            if (budget.roomPerNodeMiB() > 0) {
                s.append(", and the pods request ").append(budget.requestsMiB()).append(" MiB against ")
                        .append(budget.roomPerNodeMiB() * budget.nodes()).append(" MiB left on ")
                        .append(budget.nodes()).append(" instances");
            }
            if (smallestFit != null) {
                s.append("; the smallest type that fits is ").append(describe(smallestFit, budget.nodes()));
            } else {
                s.append("; no type of this account fits these apps");
            }
            if (cheaper != null) {
                s.append("; to fit ").append(describe(cheaper.type(), budget.nodes())).append(" instead, drop ")
                        .append(String.join(", ", cheaper.drop().stream().map(App::id).toList()));
            } else if (smallestFit != null) {
                s.append(" (no cheaper type fits even without apps)");
            }
            return s.toString();
        }
    }

    private Preflight() {
    }

    /** {@code g6-standard-2 (Linode 4GB, 4096 MiB) at 24.00 USD/month each, 72.00 USD/month for 3}. */
    public static String describe(NodeType t, int nodes) {
        String each = t.monthly() == null ? "an unknown price" : t.monthly().setScale(2, java.math.RoundingMode.HALF_UP)
                .toPlainString() + " USD/month each";
        String total = t.monthly() == null ? "" : ", " + t.monthly().multiply(BigDecimal.valueOf(nodes))
                .setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + " USD/month for " + nodes;
        return t.id() + " (" + t.label() + ", " + t.memoryMiB() + " MiB) at " + each + total;
    }

    /**
     * @param region the spec's region as Linode answered it, empty when Linode has no such region
     * @param image  the spec's image, empty when there is no such image (or it is not visible to the token)
     * @param types  every type of {@code GET /linode/types}
     */
    public static Result check(ClusterSpec spec, Optional<Region> region, Optional<Image> image, List<NodeType> types) {
        List<FieldViolation> refusals = new ArrayList<>();
        if (region.isEmpty()) {
            refusals.add(new FieldViolation("region", "Linode has no region '" + spec.region() + "'"));
        } else {
            for (String capability : List.of(LINODES, METADATA)) {
                if (!region.get().capabilities().contains(capability)) {
                    refusals.add(new FieldViolation("region", "region " + spec.region() + " does not offer the '"
                            + capability + "' capability" + (capability.equals(METADATA) ? ", which the instances'"
                            + " user data (their pinned SSH host keys) needs; choose a region that lists it in"
                            + " GET /v4/regions" : "")));
                }
            }
        }
        if (image.isEmpty()) {
            refusals.add(new FieldViolation("image", "Linode has no image '" + spec.image() + "' visible to this"
                    + " account"));
        } else if (!image.get().capabilities().contains(CLOUD_INIT)) {
            refusals.add(new FieldViolation("image", "image " + spec.image() + " does not offer the '" + CLOUD_INIT
                    + "' capability, which the instances' user data (their pinned SSH host keys) needs; choose an"
                    + " image that lists it, such as " + ClusterSpec.DEFAULT_IMAGE));
        }
        NodeType type = types.stream().filter(t -> t.id().equals(spec.nodeType())).findFirst().orElse(null);
        if (type == null) {
            refusals.add(new FieldViolation("nodeType", "Linode has no type '" + spec.nodeType() + "'; GET"
                    + " /v4/linode/types lists them"));
        }
        List<NodeType> byPrice = types.stream().filter(t -> t.monthly() != null)
                .sorted(Comparator.comparing(NodeType::monthly).thenComparingInt(NodeType::memoryMiB)).toList();
        NodeType smallest = byPrice.stream().filter(t -> MemoryFit.of(spec.apps(), spec.nodes(), t.memoryMiB())
                .fits()).findFirst().orElse(null);
        Suggestion cheaper = null;
        for (int i = byPrice.size() - 1; i >= 0 && cheaper == null; i--) {
            NodeType t = byPrice.get(i);
            if (smallest != null && t.monthly().compareTo(smallest.monthly()) >= 0) {
                continue;
            }
            List<App> drop = MemoryFit.toDrop(spec.apps(), spec.nodes(), t.memoryMiB());
            if (drop != null && !drop.isEmpty()) {
                cheaper = new Suggestion(t, drop);
            }
        }
        MemoryFit.Budget budget = type == null ? null : MemoryFit.of(spec.apps(), spec.nodes(), type.memoryMiB());
        return new Result(List.copyOf(refusals), type, budget, smallest, cheaper);
    }
}
