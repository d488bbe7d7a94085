package io.kubelode.network;

import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.network.netns.NamespaceLab;
import io.kubelode.nodeshell.NodeShell;
import io.kubelode.nodeshell.ShellException;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** In the service's tests, a cluster's nodes are the instance namespaces of a {@link NamespaceLab}. */
@Alternative
@Priority(1)
@Singleton
public class LabShells implements NodeShells {
    static final Map<String, NamespaceLab> LABS = new ConcurrentHashMap<>();

    @Override
    public NodeShell open(NodeProvisioned node) {
        NamespaceLab lab = LABS.get(node.clusterId());
        if (lab == null) {
            throw new ShellException("no namespace lab for cluster " + node.clusterId());
        }
        return lab.shell(lab.instance(node.node()));
    }
}
