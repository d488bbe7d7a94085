package io.kubelode.apps.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** One cluster's Kubernetes API, as the apps layer uses it. */
public interface ClusterApi extends AutoCloseable {

    /** Ensures the object exists as desired: create, patch, or nothing. */
    ObjectResult apply(HasMetadata desired);

    /** The readiness of a Deployment, StatefulSet or DaemonSet. */
    Readiness readiness(HasMetadata workload);

    /** Every object labelled as kubelode's for this cluster, of every kind kubelode creates. */
    List<HasMetadata> listOwned(String clusterId);

    /** Deletes the owned objects matching the filter; returns what was deleted. */
    List<ObjectResult> deleteOwned(String clusterId, OwnedFilter filter);

    /** Number of PersistentVolumes of the given storage class that still exist. */
    int volumesOfClass(String storageClass);

    @Override
    void close();

    /** Which owned objects a delete pass takes. */
    enum OwnedFilter {
        /** Everything but the storage provisioner, which must outlive the volumes it removes. */
        ALL_BUT_STORAGE,
        /** Whatever is left. */
        ALL
    }
}
