package io.kubelode.gateway;

import io.kubelode.events.spec.FieldViolation;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every API endpoint takes exactly the query parameters its method declares ({@code @QueryParam}),
 * each at most once, and each header it declares ({@code @HeaderParam}) at most once: anything else
 * is a 400 problem naming the parameters, before the endpoint runs (a typo such as
 * {@code dryrun=true} must not create a billable cluster). Values are parsed by {@link Param}.
 * Runs after the bearer check, so an unauthenticated caller learns nothing about parameters.
 */
public class StrictParams {
    private static final Map<Method, Declared> DECLARED = new ConcurrentHashMap<>();

    private record Declared(List<String> query, List<String> headers) {
        static Declared of(Method method) {
            List<String> query = new ArrayList<>();
            List<String> headers = new ArrayList<>();
            for (Parameter p : method.getParameters()) {
                Optional.ofNullable(p.getAnnotation(QueryParam.class)).ifPresent(q -> query.add(q.value()));
                Optional.ofNullable(p.getAnnotation(HeaderParam.class)).ifPresent(h -> headers.add(h.value()));
            }
            return new Declared(List.copyOf(query), List.copyOf(headers));
        }
    }

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public Optional<Response> check(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return Optional.empty();
        }
        Declared declared = DECLARED.computeIfAbsent(method, Declared::of);
        var query = request.getUriInfo().getQueryParameters();
        String endpoint = request.getMethod() + " /" + request.getUriInfo().getPath().replaceFirst("^/", "");
        List<String> unknown = query.keySet().stream().filter(k -> !declared.query().contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            String takes = declared.query().isEmpty() ? "takes no query parameters"
                    : "takes only the query parameter(s) " + String.join(", ", declared.query());
            return Optional.of(Problem.invalidParameters(endpoint + " " + takes + "; unknown: "
                    + String.join(", ", unknown), unknown.stream().map(k -> new FieldViolation(k,
                    "is not a query parameter of " + endpoint + suggestion(k, declared.query()))).toList())
                    .toResponse());
        }
        Map<Param, String> bad = new LinkedHashMap<>();
        declared.query().forEach(k -> once(Param.query(k), query.get(k), "given", bad));
        declared.headers().forEach(h -> once(Param.header(h), request.getHeaders().get(h), "sent", bad));
        return bad.isEmpty() ? Optional.empty() : Optional.of(Param.invalid(bad).problem().toResponse());
    }

    /**
     * Refuses a parameter given more than once or with an empty value: JAX-RS would hand the
     * endpoint the first value, or null for an empty one, which reads as absent.
     */
    private static void once(Param param, List<String> values, String verb, Map<Param, String> bad) {
        if (values == null || values.isEmpty()) {
            return;
        }
        if (values.size() > 1) {
            bad.put(param, "is " + verb + " " + values.size() + " times; it is taken once");
        } else if (values.get(0) == null || values.get(0).isEmpty()) {
            bad.put(param, "is empty; give it a value or leave it out");
        }
    }

    private static String suggestion(String unknown, List<String> known) {
        return known.stream().filter(k -> k.equalsIgnoreCase(unknown)).findFirst()
                .map(k -> "; did you mean " + k + "? (names are case-sensitive)")
                .orElse(known.isEmpty() ? "" : "; it takes " + String.join(", ", new TreeSet<>(known)));
    }
}
