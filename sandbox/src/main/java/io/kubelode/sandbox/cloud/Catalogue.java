package io.kubelode.sandbox.cloud;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The plans and regions the sandbox offers, with Linode's public list prices. */
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

    public static final Set<String> REGIONS = Set.of(
            "us-east", "us-central", "us-west", "us-southeast", "us-iad", "us-ord", "ca-central",
            "eu-west", "eu-central", "fr-par", "nl-ams", "se-sto", "it-mil", "gb-lon", "de-fra-2",
            "ap-south", "ap-northeast", "ap-west", "ap-southeast", "jp-osa", "in-maa", "id-cgk", "br-gru", "us-lax", "us-mia", "us-sea");

    private Catalogue() {}

    public static Optional<LinodeType> type(String id) {
        return TYPES.stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
