package io.kubelode.apps;

import io.kubelode.apps.kube.ClusterApis;
import io.kubelode.apps.kube.FileKubeconfigSource;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;

/** Wires the kubeconfig hand-over: today a directory, later the k8s layer's store (the lead's call). */
public class ApisProducer {

    @Produces
    @Singleton
    ClusterApis clusterApis(AppsConfig config) {
        return new ClusterApis(new FileKubeconfigSource(Path.of(config.kubeconfigDir())));
    }
}
