package io.kubelode.provisioner.flow;

import io.kubelode.events.plan.LinodeNames;
import io.kubelode.provisioner.linode.Instance;
import io.kubelode.provisioner.linode.LinodeApi;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deletes every instance carrying the tag {@code kl:<id>} — and nothing else. It
 * succeeds when there is nothing to delete, so it is safe to run for a cluster whose forward
 * steps never ran, and to run again.
 */
public final class Releaser {
    private static final Logger LOG = Logger.getLogger(Releaser.class);

    private final LinodeApi linode;

    public Releaser(LinodeApi linode) {
        this.linode = linode;
    }

    /** The ids deleted now. */
    public List<Long> release(String clusterId) {
        String tag = LinodeNames.clusterTag(clusterId);
        List<Long> deleted = new ArrayList<>();
        for (Instance instance : linode.listByTag(tag)) {
            // listByTag filters on the server and again here: only exact owners are deleted
            if (instance.tags().contains(tag) && linode.deleteInstance(instance.id())) {
                deleted.add(instance.id());
                LOG.infof("deleted instance %d (%s) of cluster %s", instance.id(), instance.label(), clusterId);
            }
        }
        return deleted;
    }

    /** Deletes the instances of nodes {@code nodes} of the cluster (a scale-down); the ids deleted now. */
    public List<Long> remove(String clusterId, List<Integer> nodes) {
        String tag = LinodeNames.clusterTag(clusterId);
        List<Long> deleted = new ArrayList<>();
        for (int n : nodes) {
            String label = LinodeNames.instanceLabel(clusterId, n);
            for (Instance instance : linode.findByLabel(label).stream().toList()) {
                // the label is the idempotency key; the tag proves kubelode's cluster owns it
                if (instance.tags().contains(tag) && linode.deleteInstance(instance.id())) {
                    deleted.add(instance.id());
                    LOG.infof("deleted instance %d (%s): cluster %s scaled down", instance.id(), label, clusterId);
                }
            }
        }
        return deleted;
    }

    /**
     * Deletes exactly the lost instance {@code linodeId} of a node being replaced (by id: its label
     * may already name the replacement); false when it is gone already, as after a delete behind
     * kubelode's back.
     */
    public boolean deleteLost(long linodeId) {
        return linode.deleteInstance(linodeId);
    }
}
