package io.kubelode.network;

import io.kubelode.network.view.ClusterViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready once the topic view stopped following the topics: every decision would be on stale state. */
@Readiness
@ApplicationScoped
public class ViewsHealth implements HealthCheck {
    @Inject
    ClusterViews views;

    @Override
    public HealthCheckResponse call() {
        Throwable failure = views.failure();
        return HealthCheckResponse.named("network topic view").status(failure == null)
                .withData("failure", failure == null ? "none" : String.valueOf(failure.getMessage())).build();
    }
}
