package io.kubelode.k8s.api;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** Nodes and etcd Pods as a kubelet and kubeadm register them, for the CRUD mock server. */
public final class KubeObjects {
    private KubeObjects() {
    }

    public static Node node(String name, boolean ready, boolean controlPlane) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
        if (controlPlane) {
            b.editMetadata().addToLabels("node-role.kubernetes.io/control-plane", "").endMetadata();
        }
        return b.withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withReason(ready ? "KubeletReady" : "KubeletNotReady").endCondition().endStatus().build();
    }

    public static Pod etcd(String nodeName, boolean ready) {
        return new PodBuilder().withNewMetadata().withName("etcd-" + nodeName).withNamespace("kube-system")
                .addToLabels("component", "etcd").addToLabels("tier", "control-plane").endMetadata()
                .withNewSpec().withNodeName(nodeName).endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").endCondition().endStatus().build();
    }
}
