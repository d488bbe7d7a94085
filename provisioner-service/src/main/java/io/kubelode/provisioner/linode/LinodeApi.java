package io.kubelode.provisioner.linode;

import java.util.List;
import java.util.Optional;

/**
 * The subset of Linode API v4 that kubelode uses. Implementations retry transient failures
 * themselves; what they throw is a {@link LinodeApiException} whose
 * {@link LinodeApiException#isTransient()} says whether a later attempt might succeed.
 */
public interface LinodeApi {

    /** {@code POST /linode/instances}. A taken label fails with {@link LinodeApiException#isLabelTaken()}. */
    Instance createInstance(InstanceCreate request);

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

    /** {@code GET /linode/types}. */
    List<LinodeType> types();
}
