package io.kubelode.sandbox.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/** The kinds the admin API lists: what kubelode's layers create or read (the apps layer's managed kinds, Nodes, PVs). */
final class KubeKinds {
    static final List<Class<? extends HasMetadata>> LISTED = List.of(Namespace.class, Node.class, Pod.class,
            Service.class, ConfigMap.class, Secret.class, ServiceAccount.class, PersistentVolumeClaim.class,
            PersistentVolume.class, Deployment.class, StatefulSet.class, DaemonSet.class, Job.class, CronJob.class,
            Ingress.class, IngressClass.class, PodDisruptionBudget.class, Role.class, RoleBinding.class,
            ClusterRole.class, ClusterRoleBinding.class, StorageClass.class, CustomResourceDefinition.class);

    private KubeKinds() {}

    static List<HasMetadata> all(KubernetesClient client) {
        List<HasMetadata> all = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : LISTED) {
            all.addAll(Namespaced.class.isAssignableFrom(kind)
                    ? client.resources(kind).inAnyNamespace().list().getItems()
                    : client.resources(kind).list().getItems());
        }
        return all;
    }
}
