package io.kubelode.gateway.plan;

import io.kubelode.events.spec.Preflight;
import java.util.List;
import java.util.Optional;

/** What the Linode account offers, as the preflight reads it: regions, images, types with prices. */
public interface LinodeCatalog {

    /** {@code GET /regions/{id}}; empty when Linode has no such region. */
    Optional<Preflight.Region> region(String id);

    /** {@code GET /images/{id}}; empty when there is no such image visible to the token. */
    Optional<Preflight.Image> image(String id);

    /** {@code GET /linode/types}: every type with its memory and monthly price. */
    List<Preflight.NodeType> types();

    /** Where the answers come from, shown beside the cost, e.g. {@code GET /linode/types at https://api.linode.com/v4}. */
    String source();

    /** The catalog could not be read (network, 5xx, 401): the plan cannot be checked now. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
