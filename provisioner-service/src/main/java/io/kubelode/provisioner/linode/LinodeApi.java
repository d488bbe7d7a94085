package io.kubelode.provisioner.linode;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The subset of Linode API v4 that kubelode uses. Implementations retry transient failures
 * themselves; what they throw is a {@link LinodeApiException} whose
 * {@link LinodeApiException#isTransient()} says whether a later attempt might succeed.
 */
public interface LinodeApi {

    /** {@code POST /linode/instances}. A taken label fails with {@link LinodeApiException#isLabelTaken()}. */
    Instance createInstance(InstanceCreate request);

    /**
     * {@link #createInstance(InstanceCreate)} that gives up while it still waits for a slot of the
     * create limit once {@code cancelled} says so (its cluster failed meanwhile), with
     * {@link CreateCancelled}: nothing was sent, nothing exists.
     */
    default Instance createInstance(InstanceCreate request, BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CreateCancelled(request.label());
        }
        return createInstance(request);
    }

    /** {@code GET /regions/{id}} with its capabilities; empty when Linode has no such region. */
    Optional<Region> region(String id);

    /** {@code GET /images/{id}} with its capabilities; empty when there is no such image for this token. */
    Optional<Image> image(String id);

    /** A create dropped before it was sent, because its cluster failed while it waited for its turn. */
    final class CreateCancelled extends RuntimeException {
        public CreateCancelled(String label) {
            super("the create of " + label + " was dropped before it was sent: its cluster failed", null, false,
                    false);
        }
    }

    /** {@code GET /linode/instances/{id}}, empty when there is no such instance. */
    Optional<Instance> getInstance(long id);

    /** {@code GET /linode/instances}, every page, filtered on the server by {@code X-Filter}. */
    List<Instance> listInstances(Filter filter);

    /** The instance with this label (labels are unique per account), via {@code X-Filter}. */
    default Optional<Instance> findByLabel(String label) {
        return listInstances(Filter.label(label)).stream().filter(i -> i.label().equals(label)).findFirst();
    }

    /** Every instance carrying {@code tag}, via {@code X-Filter}. */
    default List<Instance> listByTag(String tag) {
        return listInstances(Filter.tag(tag)).stream().filter(i -> i.tags().contains(tag)).toList();
    }

    /** {@code DELETE /linode/instances/{id}}; false when it was already gone. */
    boolean deleteInstance(long id);

    /** {@code POST /linode/instances/{id}/boot}. */
    void bootInstance(long id);

    /** {@code GET /account/events}, newest first, every page, filtered by {@code X-Filter}. */
    List<AccountEvent> events(Filter filter);

    /** The id of the newest account event (the first page, newest first), 0 when there is none. */
    long newestEventId();

    /** {@code GET /linode/types}. */
    List<LinodeType> types();
}
