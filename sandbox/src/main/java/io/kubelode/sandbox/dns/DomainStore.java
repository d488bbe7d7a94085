package io.kubelode.sandbox.dns;

import io.kubelode.sandbox.admin.AdminResource;
import io.kubelode.sandbox.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The account's domains and their records. */
@ApplicationScoped
public class DomainStore implements AdminResource.Resettable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final Map<Long, DomainJson> domains = new LinkedHashMap<>();
    private final Map<Long, Map<Long, RecordJson>> records = new LinkedHashMap<>();
    private long domainIds = 100_000;
    private long recordIds = 5_000_000;

    public synchronized DomainJson create(DomainJson request) {
        DomainJson valid = DomainRules.domain(request);
        requireUnique(valid.domain(), null);
        DomainJson created = withId(valid, ++domainIds);
        domains.put(created.id(), created);
        records.put(created.id(), new LinkedHashMap<>());
        return created;
    }

    public synchronized List<DomainJson> list() {
        return new ArrayList<>(domains.values());
    }

    public synchronized DomainJson get(long id) {
        DomainJson d = domains.get(id);
        if (d == null) {
            throw ApiException.notFound();
        }
        return d;
    }

    public synchronized DomainJson update(long id, DomainJson patch) {
        DomainJson old = get(id);
        DomainJson merged = new DomainJson(id, or(patch.domain(), old.domain()), or(patch.type(), old.type()),
                or(patch.status(), old.status()), or(patch.soaEmail(), old.soaEmail()),
                or(patch.description(), old.description()), or(patch.group(), old.group()),
                or(patch.tags(), old.tags()), or(patch.ttlSec(), old.ttlSec()), or(patch.refreshSec(), old.refreshSec()),
                or(patch.retrySec(), old.retrySec()), or(patch.expireSec(), old.expireSec()),
                or(patch.masterIps(), old.masterIps()), or(patch.axfrIps(), old.axfrIps()));
        DomainJson valid = withId(DomainRules.domain(merged), id);
        requireUnique(valid.domain(), id);
        domains.put(id, valid);
        return valid;
    }

    public synchronized void delete(long id) {
        get(id);
        domains.remove(id);
        records.remove(id);
    }

    public synchronized RecordJson createRecord(long domainId, RecordJson request) {
        get(domainId);
        String now = now();
        RecordJson valid = DomainRules.record(request);
        RecordJson created = stamp(valid, ++recordIds, now, now);
        records.get(domainId).put(created.id(), created);
        return created;
    }

    public synchronized List<RecordJson> records(long domainId) {
        get(domainId);
        return new ArrayList<>(records.get(domainId).values());
    }

    public synchronized RecordJson record(long domainId, long recordId) {
        get(domainId);
        RecordJson r = records.get(domainId).get(recordId);
        if (r == null) {
            throw ApiException.notFound();
        }
        return r;
    }

    public synchronized RecordJson updateRecord(long domainId, long recordId, RecordJson patch) {
        RecordJson old = record(domainId, recordId);
        UnaryOperator<RecordJson> merge = p -> new RecordJson(recordId, old.type(), or(p.name(), old.name()),
                or(p.target(), old.target()), or(p.priority(), old.priority()), or(p.weight(), old.weight()),
                or(p.port(), old.port()), or(p.service(), old.service()), or(p.protocol(), old.protocol()),
                or(p.tag(), old.tag()), or(p.ttlSec(), old.ttlSec()), old.created(), old.updated());
        RecordJson valid = stamp(DomainRules.record(merge.apply(patch)), recordId, old.created(), now());
        records.get(domainId).put(recordId, valid);
        return valid;
    }

    public synchronized void deleteRecord(long domainId, long recordId) {
        record(domainId, recordId);
        records.get(domainId).remove(recordId);
    }

    @Override
    public synchronized void reset() {
        domains.clear();
        records.clear();
    }

    private void requireUnique(String domain, Long self) {
        boolean taken = domains.values().stream()
                .anyMatch(d -> d.domain().equalsIgnoreCase(domain) && !d.id().equals(self));
        if (taken) {
            throw ApiException.badRequest("domain", "Domain already exists");
        }
    }

    private static DomainJson withId(DomainJson d, long id) {
        return new DomainJson(id, d.domain(), d.type(), d.status(), d.soaEmail(), d.description(), d.group(), d.tags(),
                d.ttlSec(), d.refreshSec(), d.retrySec(), d.expireSec(), d.masterIps(), d.axfrIps());
    }

    private static RecordJson stamp(RecordJson r, long id, String created, String updated) {
        return new RecordJson(id, r.type(), r.name(), r.target(), r.priority(), r.weight(), r.port(), r.service(),
                r.protocol(), r.tag(), r.ttlSec(), created, updated);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static String now() {
        return TIME.format(LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    }
}
