package io.kubelode.sandbox.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;

/** Nodes and etcd static Pods as a kubelet and kubeadm register them. */
final class KubeObjects {
    static final String CONTROL_PLANE = "node-role.kubernetes.io/control-plane";

    private KubeObjects() {}

    /** A node as its kubelet registers it; control planes carry kubeadm's role label and taint. */
    static Node node(String name, String address, boolean controlPlane, String version, boolean ready) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name).addToLabels("kubernetes.io/os", "linux")
                .addToLabels("kubernetes.io/arch", "amd64").endMetadata();
        if (controlPlane) {
            b.editMetadata().addToLabels(CONTROL_PLANE, "").endMetadata()
                    .withNewSpec().addNewTaint().withKey(CONTROL_PLANE).withEffect("NoSchedule").endTaint().endSpec();
        }
        return b.withNewStatus()
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withReason(ready ? "KubeletReady" : "NodeStatusUnknown")
                .withMessage(ready ? "kubelet is posting ready status" : "Kubelet stopped posting node status.")
                .withLastTransitionTime(Instant.now().toString()).endCondition()
                .addNewAddress().withType("InternalIP").withAddress(address == null ? "" : address).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .withNewNodeInfo().withKubeletVersion(version).withContainerRuntimeVersion("containerd://1.7")
                .withOperatingSystem("linux").withArchitecture("amd64").withOsImage("Debian GNU/Linux 12 (bookworm)")
                .endNodeInfo().endStatus().build();
    }

    /** kubeadm's stacked etcd static Pod of a control plane. */
    static Pod etcd(String nodeName, String address, boolean ready) {
        return new PodBuilder().withNewMetadata().withName("etcd-" + nodeName).withNamespace("kube-system")
                .addToLabels("component", "etcd").addToLabels("tier", "control-plane")
                .addToAnnotations("kubeadm.kubernetes.io/etcd.advertise-client-urls", "https://" + address + ":2379")
                .endMetadata()
                .withNewSpec().withNodeName(nodeName).withHostNetwork(true).withPriorityClassName("system-node-critical")
                .addNewContainer().withName("etcd").withImage("registry.k8s.io/etcd:3.5").endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(address).withHostIP(address)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
    }
}
