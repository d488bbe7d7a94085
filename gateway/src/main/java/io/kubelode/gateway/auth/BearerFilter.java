package io.kubelode.gateway.auth;

import io.kubelode.gateway.Problem;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Bearer API tokens on every API resource: 401 without a known token, 403 without the role. */
@Singleton
public class BearerFilter {
    /** Request property holding the identified {@link Tokens.Caller}. */
    public static final String CALLER = "kubelode.caller";
    private static final String PREFIX = "Bearer ";

    // a proxy: the filter is made at static init, before runtime configuration exists
    @Inject
    ApiTokens tokens;

    @ServerRequestFilter
    public Optional<Response> authorise(ContainerRequestContext request, ResourceInfo resource) {
        Requires requires = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(Requires.class);
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.of(unauthorized("send an API token: Authorization: Bearer <token>"));
        }
        Optional<Tokens.Caller> caller = tokens.identify(header.substring(PREFIX.length()).trim());
        if (caller.isEmpty()) {
            return Optional.of(unauthorized("the API token is not known"));
        }
        if (requires == null || !caller.get().may(requires.value())) {
            return Optional.of(Problem.of(403, "forbidden", "Forbidden", "the token '" + caller.get().name()
                    + "' does not have the role " + (requires == null ? "for this" : requires.value().name()))
                    .toResponse());
        }
        request.setProperty(CALLER, caller.get());
        return Optional.empty();
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(Problem.of(401, "unauthorized", "Unauthorized", detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kubelode\"").build();
    }
}
