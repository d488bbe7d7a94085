package io.kubelode.sandbox.cloud;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The plans, regions and public images the sandbox offers, with Linode's public list prices and capabilities. */
public final class Catalogue {

    public static final List<LinodeType> TYPES = List.of(
            new LinodeType("g6-nanode-1", "Nanode 1GB", "nanode", 1024, 1, 25600, 1000, 1000, 0.0075, 5, 0.003, 2),
            new LinodeType("g6-standard-1", "Linode 2GB", "standard", 2048, 1, 51200, 2000, 2000, 0.018, 12, 0.004, 2.5),
            new LinodeType("g6-standard-2", "Linode 4GB", "standard", 4096, 2, 81920, 4000, 4000, 0.036, 24, 0.0075, 5),
            new LinodeType("g6-standard-4", "Linode 8GB", "standard", 8192, 4, 163840, 5000, 5000, 0.072, 48, 0.015, 10),
            new LinodeType("g6-standard-6", "Linode 16GB", "standard", 16384, 6, 327680, 8000, 6000, 0.144, 96, 0.03, 20),
            new LinodeType("g6-standard-8", "Linode 32GB", "standard", 32768, 8, 655360, 16000, 7000, 0.288, 192, 0.06, 40),
            new LinodeType("g6-dedicated-2", "Dedicated 4GB", "dedicated", 4096, 2, 81920, 4000, 4000, 0.054, 36, 0.0075, 5),
            new LinodeType("g6-dedicated-4", "Dedicated 8GB", "dedicated", 8192, 4, 163840, 5000, 5000, 0.108, 72, 0.015, 10));

    /** A region and what it offers, as {@code GET /regions} lists it. */
    public record Region(String id, String label, String country, List<String> capabilities) {}

    /** A public image and what it offers, as {@code GET /images} lists it; size in MB. */
    public record Image(String id, String label, String vendor, int size, List<String> capabilities) {}

    private static final List<String> CORE = List.of("Linodes", "Block Storage", "Object Storage", "NodeBalancers",
            "Cloud Firewall", "Vlans", "VPCs", "Metadata", "Placement Groups");
    /** Everything but Metadata: instances there cannot get user data (kubelode refuses such a region). */
    private static final List<String> NO_METADATA = CORE.stream().filter(c -> !c.equals("Metadata")).toList();

    /** The regions; us-southeast stands for a region without the Metadata service. */
    public static final List<Region> REGION_LIST = List.of(
            new Region("us-east", "Newark, NJ", "us", CORE), new Region("us-central", "Dallas, TX", "us", CORE),
            new Region("us-west", "Fremont, CA", "us", CORE),
            new Region("us-southeast", "Atlanta, GA", "us", NO_METADATA),
            new Region("us-iad", "Washington, DC", "us", CORE), new Region("us-ord", "Chicago, IL", "us", CORE),
            new Region("ca-central", "Toronto, CA", "ca", CORE), new Region("eu-west", "London, UK", "gb", CORE),
            new Region("eu-central", "Frankfurt, DE", "de", CORE), new Region("fr-par", "Paris, FR", "fr", CORE),
            new Region("nl-ams", "Amsterdam, NL", "nl", CORE), new Region("se-sto", "Stockholm, SE", "se", CORE),
            new Region("it-mil", "Milan, IT", "it", CORE), new Region("gb-lon", "London 2, UK", "gb", CORE),
            new Region("de-fra-2", "Frankfurt 2, DE", "de", CORE), new Region("ap-south", "Singapore, SG", "sg", CORE),
            new Region("ap-northeast", "Tokyo, JP", "jp", CORE), new Region("ap-west", "Mumbai, IN", "in", CORE),
            new Region("ap-southeast", "Sydney, AU", "au", CORE), new Region("jp-osa", "Osaka, JP", "jp", CORE),
            new Region("in-maa", "Chennai, IN", "in", CORE), new Region("id-cgk", "Jakarta, ID", "id", CORE),
            new Region("br-gru", "Sao Paulo, BR", "br", CORE), new Region("us-lax", "Los Angeles, CA", "us", CORE),
            new Region("us-mia", "Miami, FL", "us", CORE), new Region("us-sea", "Seattle, WA", "us", CORE));

    public static final Set<String> REGIONS = REGION_LIST.stream().map(Region::id)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Public images; alpine3.19 stands for an image without cloud-init (kubelode refuses it). */
    public static final List<Image> IMAGES = List.of(
            new Image("linode/debian12", "Debian 12", "Debian", 1300, List.of("cloud-init", "distributed-sites")),
            new Image("linode/debian11", "Debian 11", "Debian", 1300, List.of("cloud-init", "distributed-sites")),
            new Image("linode/ubuntu24.04", "Ubuntu 24.04 LTS", "Ubuntu", 2500, List.of("cloud-init",
                    "distributed-sites")),
            new Image("linode/ubuntu22.04", "Ubuntu 22.04 LTS", "Ubuntu", 2500, List.of("cloud-init",
                    "distributed-sites")),
            new Image("linode/alpine3.19", "Alpine 3.19", "Alpine", 300, List.of()));

    private Catalogue() {}

    public static Optional<LinodeType> type(String id) {
        return TYPES.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public static Optional<Region> region(String id) {
        return REGION_LIST.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public static Optional<Image> image(String id) {
        return IMAGES.stream().filter(i -> i.id().equals(id)).findFirst();
    }
}
