package io.kubelode.sandbox.http;

import io.kubelode.sandbox.admin.Stats;
import io.kubelode.sandbox.api.CreateInstance;
import io.kubelode.sandbox.dns.DomainJson;
import io.kubelode.sandbox.fault.FaultSpec;
import io.kubelode.sandbox.fault.Faults;
import io.kubelode.sandbox.fault.Scope;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

/**
 * The second look of {@link ApiFilters} for requests whose scope only their body tells (an
 * instance create: label and tags; a domain create: its name): once the body is read, a
 * server-errors or rate-limit fault scoped to that cluster or domain answers instead of the API.
 */
@Provider
public class ScopedBodyFaults implements ReaderInterceptor {
    private final Faults faults;
    private final RequestScopes scopes;
    private final Stats stats;

    public ScopedBodyFaults(Faults faults, RequestScopes scopes, Stats stats) {
        this.faults = faults;
        this.scopes = scopes;
        this.stats = stats;
    }

    /** An injected answer, thrown out of the body reading. */
    public static final class InjectedFault extends RuntimeException {
        private final transient Response response;

        InjectedFault(Response response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    @ServerExceptionMapper
    public Response map(InjectedFault e) {
        return e.response;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Class<?> type = context.getType();
        if (type != CreateInstance.class && type != DomainJson.class) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        context.setInputStream(new ByteArrayInputStream(body));
        Scope scope = scopes.ofBody(body);
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        if (scope.equals(Scope.NONE) || request == null) {
            return context.proceed();
        }
        String path = ApiFilters.apiPath(request.getPath());
        Optional<FaultSpec> fault = faults.httpFault(request.getMethod(), "/" + (path == null ? "" : path), scope,
                true);
        if (fault.isPresent()) {
            stats.faultInjected();
            throw new InjectedFault(ApiFilters.injected(fault.get()));
        }
        return context.proceed();
    }
}
