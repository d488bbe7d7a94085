package io.kubelode.sandbox.http;

import io.kubelode.sandbox.SandboxConfig;
import io.kubelode.sandbox.admin.Stats;
import io.kubelode.sandbox.api.ErrorBody;
import io.kubelode.sandbox.api.InstanceJson;
import io.kubelode.sandbox.fault.FaultSpec;
import io.kubelode.sandbox.fault.Faults;
import io.kubelode.sandbox.fault.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * In front of every {@code /v4} request, in Linode's order: bearer token (401), injected
 * faults (5xx / 429 storms; a fault scoped to a cluster or domain only where {@link RequestScopes}
 * tells the request is about it), then the token's rate limits (429 with {@code Retry-After} and
 * {@code X-RateLimit-*}). Every {@code /v4} response carries the {@code X-RateLimit-*} headers.
 */
@ApplicationScoped
public class ApiFilters {
    private static final String DECISION = "sandbox.rate";
    private static final String PUBLIC_PREFIX = "linode/types";

    private final Set<String> tokens;
    private final SandboxConfig.RateLimits limits;
    private final Faults faults;
    private final Stats stats;
    private final RequestScopes scopes;
    private final RateLimiter limiter = new RateLimiter(Clock.systemUTC());

    public ApiFilters(SandboxConfig config, Faults faults, Stats stats, RequestScopes scopes) {
        this.tokens = Set.copyOf(config.tokens());
        this.limits = config.rateLimit();
        this.faults = faults;
        this.stats = stats;
        this.scopes = scopes;
    }

    public void resetLimits() {
        limiter.reset();
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> filter(ContainerRequestContext request) {
        String path = apiPath(request.getUriInfo().getPath());
        if (path == null) {
            return Optional.empty();
        }
        String token = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        boolean anonymousOk = token == null && path.startsWith(PUBLIC_PREFIX) && "GET".equals(request.getMethod());
        if (!anonymousOk && (token == null || !tokens.contains(token))) {
            return Optional.of(ErrorBody.response(401, null, "Invalid Token"));
        }
        // a create's scope is in its body: ScopedBodyFaults takes a second look once it is read
        Scope scope = scopes.of(path, request.getHeaderString("X-Filter"));
        Optional<FaultSpec> fault = faults.httpFault(request.getMethod(), "/" + path, scope, false);
        if (fault.isPresent()) {
            stats.faultInjected();
            return Optional.of(injected(fault.get()));
        }
        String who = token == null ? "anonymous" : token;
        RateLimiter.Decision general = limiter.acquire(who + "/all", limits.requests(), limits.window());
        request.setProperty(DECISION, general);
        if (!general.allowed()) {
            return Optional.of(tooMany(general));
        }
        if ("POST".equals(request.getMethod()) && path.equals("linode/instances")) {
            RateLimiter.Decision creates = limiter.acquire(who + "/create", limits.creates(), limits.createWindow());
            request.setProperty(DECISION, creates);
            if (!creates.allowed()) {
                return Optional.of(tooMany(creates));
            }
        }
        return Optional.empty();
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        String path = apiPath(request.getUriInfo().getPath());
        if (path == null) {
            return;
        }
        stats.response(response.getStatus());
        if ("POST".equals(request.getMethod()) && path.equals("linode/instances")) {
            if (response.getStatus() == 200) {
                stats.createAccepted(response.getEntity() instanceof InstanceJson i
                        ? Scope.ofInstance(i.label(), i.tags()).cluster() : null);
            } else {
                stats.createRefused();
            }
        }
        if (request.getProperty(DECISION) instanceof RateLimiter.Decision d
                && !response.getHeaders().containsKey("X-RateLimit-Limit")) {
            response.getHeaders().putSingle("X-RateLimit-Limit", String.valueOf(d.limit()));
            response.getHeaders().putSingle("X-RateLimit-Remaining", String.valueOf(d.remaining()));
            response.getHeaders().putSingle("X-RateLimit-Reset", String.valueOf(d.reset()));
        }
    }

    private Response tooMany(RateLimiter.Decision d) {
        stats.rateLimited();
        return Response.fromResponse(ErrorBody.response(429, null, "Too Many Requests"))
                .header("Retry-After", d.retryAfter())
                .header("X-RateLimit-Limit", d.limit())
                .header("X-RateLimit-Remaining", 0)
                .header("X-RateLimit-Reset", d.reset())
                .build();
    }

    static Response injected(FaultSpec fault) {
        if (FaultSpec.RATE_LIMIT.equals(fault.type())) {
            long retryAfter = fault.retryAfter() == null ? 1 : fault.retryAfter();
            return Response.fromResponse(ErrorBody.response(429, null, "Too Many Requests"))
                    .header("Retry-After", retryAfter)
                    .header("X-RateLimit-Limit", 0)
                    .header("X-RateLimit-Remaining", 0)
                    .header("X-RateLimit-Reset", Clock.systemUTC().instant().getEpochSecond() + retryAfter)
                    .build();
        }
        int status = fault.status() == null ? 503 : fault.status();
        return ErrorBody.response(status, null, fault.reason() == null ? "Service Unavailable" : fault.reason());
    }

    /** The path below {@code /v4/} (or {@code /v4beta/}), or null for other paths. */
    static String apiPath(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        for (String prefix : new String[] {"v4/", "v4beta/"}) {
            if (p.startsWith(prefix)) {
                String rest = p.substring(prefix.length());
                return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
            }
        }
        return null;
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : null;
    }
}
