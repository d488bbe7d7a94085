package io.kubelode.sandbox.dns;

import io.kubelode.sandbox.api.ApiException;
import io.kubelode.sandbox.api.ErrorBody;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Linode's validation of domains and records (pure: no state). */
final class DomainRules {
    /** From the OpenAPI document. */
    private static final Pattern DOMAIN = Pattern.compile(
            "^(\\*\\.)?([a-zA-Z0-9-_]{1,63}\\.)+([a-zA-Z]{2,3}\\.)?([a-zA-Z]{2,16}|xn--[a-zA-Z0-9]+)$");
    private static final Pattern HOST = Pattern.compile(
            "^(\\*\\.)?([a-zA-Z0-9_]([a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_])?\\.)*[a-zA-Z0-9_]([a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_])?\\.?$");
    private static final Pattern IPV4 = Pattern.compile("^((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)$");
    private static final Set<String> RECORD_TYPES = Set.of("A", "AAAA", "NS", "MX", "CNAME", "TXT", "SRV", "PTR", "CAA");
    private static final Set<String> CAA_TAGS = Set.of("issue", "issuewild", "iodef");

    private DomainRules() {}

    /** Validates a complete domain (after merging an update) and returns it with rounded times. */
    static DomainJson domain(DomainJson d) {
        List<ErrorBody.Error> errors = new ArrayList<>();
        if (d.domain() == null || d.domain().isBlank()) {
            errors.add(new ErrorBody.Error("domain", "domain is required"));
        } else if (d.domain().length() > 253 || !DOMAIN.matcher(d.domain()).matches()) {
            errors.add(new ErrorBody.Error("domain", "Domain is not valid"));
        }
        if (d.type() == null || !Set.of("master", "slave").contains(d.type())) {
            errors.add(new ErrorBody.Error("type", "type must be master or slave"));
        } else if ("master".equals(d.type()) && (d.soaEmail() == null || !d.soaEmail().contains("@"))) {
            errors.add(new ErrorBody.Error("soa_email", "soa_email is required for master domains"));
        } else if ("slave".equals(d.type()) && (d.masterIps() == null || d.masterIps().isEmpty())) {
            errors.add(new ErrorBody.Error("master_ips", "At least one master IP is required for slave domains"));
        }
        if (d.status() != null && !Set.of("active", "disabled").contains(d.status())) {
            errors.add(new ErrorBody.Error("status", "status must be active or disabled"));
        }
        fail(errors);
        return new DomainJson(d.id(), d.domain().toLowerCase(), d.type(), d.status() == null ? "active" : d.status(),
                d.soaEmail(), blankToNull(d.description()), blankToNull(d.group()), orEmpty(d.tags()),
                Ttl.domain(d.ttlSec()), Ttl.domain(d.refreshSec()), Ttl.domain(d.retrySec()),
                Ttl.domain(d.expireSec()), orEmpty(d.masterIps()), orEmpty(d.axfrIps()));
    }

    /** Validates a complete record (after merging an update) and returns it with defaults and rounded TTL. */
    static RecordJson record(RecordJson r) {
        List<ErrorBody.Error> errors = new ArrayList<>();
        String type = r.type();
        if (type == null || !RECORD_TYPES.contains(type)) {
            errors.add(new ErrorBody.Error("type", "type must be one of " + RECORD_TYPES));
            fail(errors);
        }
        String target = r.target();
        if (target == null || target.isEmpty()) {
            errors.add(new ErrorBody.Error("target", "target is required"));
        } else if ("A".equals(type) && !IPV4.matcher(target).matches()) {
            errors.add(new ErrorBody.Error("target", "Invalid IPv4 address"));
        } else if ("AAAA".equals(type) && !ipv6(target)) {
            errors.add(new ErrorBody.Error("target", "Invalid IPv6 address"));
        } else if (Set.of("CNAME", "NS", "MX", "PTR").contains(type) && !HOST.matcher(target).matches()) {
            errors.add(new ErrorBody.Error("target", "Invalid domain"));
        } else if (target.length() > 65535) {
            errors.add(new ErrorBody.Error("target", "Length must be at most 65535 characters"));
        }
        String name = r.name() == null ? "" : r.name();
        if (name.length() > 100 || (!name.isEmpty() && !HOST.matcher(name).matches())) {
            errors.add(new ErrorBody.Error("name", "Invalid record name"));
        } else if ("CNAME".equals(type) && name.isEmpty()) {
            errors.add(new ErrorBody.Error("name", "name is required for CNAME records"));
        }
        if ("SRV".equals(type) && (r.service() == null || r.port() == null || r.weight() == null || r.priority() == null)) {
            errors.add(new ErrorBody.Error("service", "service, priority, weight and port are required for SRV records"));
        }
        if ("CAA".equals(type) && (r.tag() == null || !CAA_TAGS.contains(r.tag()))) {
            errors.add(new ErrorBody.Error("tag", "tag must be one of " + CAA_TAGS));
        }
        range(errors, "priority", r.priority(), 255);
        range(errors, "weight", r.weight(), 65535);
        range(errors, "port", r.port(), 65535);
        fail(errors);
        return new RecordJson(r.id(), type, name, target, orZero(r.priority()), orZero(r.weight()), orZero(r.port()),
                r.service(), r.protocol(), r.tag(), Ttl.record(r.ttlSec()), r.created(), r.updated());
    }

    private static void range(List<ErrorBody.Error> errors, String field, Integer value, int max) {
        if (value != null && (value < 0 || value > max)) {
            errors.add(new ErrorBody.Error(field, "Must be between 0 and " + max));
        }
    }

    private static boolean ipv6(String text) {
        if (!text.contains(":") || !text.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(text).getAddress().length == 16;
        } catch (Exception e) {
            return false;
        }
    }

    private static void fail(List<ErrorBody.Error> errors) {
        if (!errors.isEmpty()) {
            throw new ApiException(400, errors);
        }
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
