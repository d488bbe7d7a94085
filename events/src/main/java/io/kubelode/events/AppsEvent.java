package io.kubelode.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kubelode.events.spec.App;
import java.util.List;

/** Events on {@link Topics#APPS}: the person's applications on the cluster. */
public sealed interface AppsEvent extends KubelodeEvent {

    /** One deployed application and its clean URL. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DeployedApp(App app, String url, boolean ready) {
    }

    /** Every app the spec selects is deployed (with its readiness). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AppsDeployed(String clusterId, List<String> nodeAddresses, List<DeployedApp> apps) implements AppsEvent {
    }

    /** An app could not be deployed or did not become ready in time. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AppsFailed(String clusterId, FailureReason reason, String message) implements AppsEvent, Failure {
    }

    /** Every object and volume kubelode created on the cluster is gone. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AppsDeleted(String clusterId, Cause cause, FailureReason reason) implements AppsEvent, Compensation {
    }
}
