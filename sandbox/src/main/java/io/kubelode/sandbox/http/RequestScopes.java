package io.kubelode.sandbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.sandbox.cloud.Instance;
import io.kubelode.sandbox.cloud.InstanceStore;
import io.kubelode.sandbox.dns.DomainJson;
import io.kubelode.sandbox.dns.DomainStore;
import io.kubelode.sandbox.fault.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells which cluster or domain a {@code /v4} request is about, for cluster-scoped faults:
 * {@code linode/instances/{id}/...} by the instance's tag or label, {@code domains/{id}/...} by the
 * domain's name, a list by the {@code label}, {@code tags} or {@code domain} of its {@code X-Filter},
 * a create by its body ({@link #ofBody}). Anything else is {@link Scope#NONE}.
 */
@ApplicationScoped
public class RequestScopes {
    private static final Pattern INSTANCE = Pattern.compile("linode/instances/(\\d+)(/.*)?");
    private static final Pattern DOMAIN = Pattern.compile("domains/(\\d+)(/.*)?");

    private final InstanceStore instances;
    private final DomainStore domains;
    private final ObjectMapper json;

    public RequestScopes(InstanceStore instances, DomainStore domains, ObjectMapper json) {
        this.instances = instances;
        this.domains = domains;
        this.json = json;
    }

    /** The scope of a request, {@code path} below {@code /v4/} without a leading slash. */
    public Scope of(String path, String xFilter) {
        Matcher m = INSTANCE.matcher(path);
        if (m.matches()) {
            Optional<Instance> i = instances.get(Long.parseLong(m.group(1)));
            return i.map(x -> Scope.ofInstance(x.label(), x.tags())).orElse(Scope.NONE);
        }
        m = DOMAIN.matcher(path);
        if (m.matches()) {
            try {
                return Scope.ofDomain(domains.get(Long.parseLong(m.group(1))).domain());
            } catch (RuntimeException e) {
                return Scope.NONE; // no such domain: the resource answers 404
            }
        }
        if ((path.equals("linode/instances") || path.equals("domains")) && xFilter != null && !xFilter.isBlank()) {
            try {
                return ofFields(json.readTree(xFilter));
            } catch (Exception e) {
                return Scope.NONE; // the resource answers the invalid filter
            }
        }
        return Scope.NONE;
    }

    /** The scope of a create's body (an instance's label and tags, a domain's name); NONE when unreadable. */
    public Scope ofBody(byte[] body) {
        try {
            return ofFields(json.readTree(body));
        } catch (Exception e) {
            return Scope.NONE;
        }
    }

    /** The scope of a domain as stored. */
    public static Scope of(DomainJson d) {
        return Scope.ofDomain(d.domain());
    }

    private static Scope ofFields(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Scope.NONE;
        }
        if (node.path("domain").isTextual()) {
            return Scope.ofDomain(node.get("domain").asText());
        }
        List<String> tags = new ArrayList<>();
        JsonNode t = node.path("tags");
        if (t.isTextual()) {
            tags.add(t.asText());
        } else if (t.isArray()) {
            t.forEach(x -> tags.add(x.asText()));
        }
        String label = node.path("label").isTextual() ? node.get("label").asText() : null;
        return Scope.ofInstance(label, tags);
    }
}
