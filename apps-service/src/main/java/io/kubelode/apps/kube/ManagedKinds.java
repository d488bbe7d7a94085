package io.kubelode.apps.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
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
import java.util.List;

/**
 * Every kind kubelode creates (or makes create: notebook pods, backup jobs, volume claims), in
 * the order teardown deletes them: traffic first, then workloads, then what they used, then the
 * cluster-scoped definitions and finally the namespaces.
 */
public final class ManagedKinds {
    public static final List<Class<? extends HasMetadata>> DELETE_ORDER = List.of(
            Ingress.class, CronJob.class, Job.class, Deployment.class, StatefulSet.class, DaemonSet.class,
            Pod.class, PodDisruptionBudget.class, Service.class, ConfigMap.class, Secret.class,
            PersistentVolumeClaim.class, RoleBinding.class, Role.class, ServiceAccount.class,
            ClusterRoleBinding.class, ClusterRole.class, IngressClass.class, StorageClass.class,
            CustomResourceDefinition.class, Namespace.class);

    private ManagedKinds() {
    }

    public static boolean namespaced(Class<? extends HasMetadata> kind) {
        return Namespaced.class.isAssignableFrom(kind);
    }
}
