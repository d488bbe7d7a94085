package io.kubelode.provisioner.linode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Linode account in memory for plain tests: instances and account events; only what the tests call. */
public final class MemoryAccount implements LinodeApi {
    public final List<Instance> instances = new ArrayList<>();
    public final List<Long> deletes = new ArrayList<>();
    public final List<AccountEvent> events = new ArrayList<>();

    public void add(long id, String label, String... tags) {
        instances.add(new Instance(id, label, Instance.RUNNING, "eu-central", "g6-nanode-1", "linode/debian12",
                List.of("127.78.0." + id), List.of(tags)));
    }

    /** Sets an instance's status ({@code offline}, {@code running}, ...). */
    public void status(long id, String status) {
        instances.replaceAll(i -> i.id() != id ? i
                : new Instance(i.id(), i.label(), status, i.region(), i.type(), i.image(), i.ipv4(), i.tags()));
    }

    /** Records an account event about instance {@code linodeId}; its id is the next one. */
    public AccountEvent event(String action, String status, long linodeId) {
        long id = 1000 + events.size();
        AccountEvent e = new AccountEvent(id, action, status, "2026-12-08T00:00:00",
                new AccountEvent.Entity(linodeId, "label-" + linodeId, "linode"));
        events.add(e);
        return e;
    }

    /** Sets the status of an event already recorded (Linode updates an event in place as it ends). */
    public void eventStatus(long eventId, String status) {
        events.replaceAll(e -> e.id() != eventId ? e
                : new AccountEvent(e.id(), e.action(), status, e.created(), e.entity()));
    }

    @Override
    public List<Instance> listInstances(Filter filter) {
        Object label = filter.fields().get("label");
        Object tag = filter.fields().get("tags");
        return instances.stream().filter(i -> label == null || label.equals(i.label()))
                .filter(i -> tag == null || i.tags().contains(tag)).toList();
    }

    @Override
    public boolean deleteInstance(long id) {
        deletes.add(id);
        return instances.removeIf(i -> i.id() == id);
    }

    @Override
    public Optional<Instance> getInstance(long id) {
        return instances.stream().filter(i -> i.id() == id).findFirst();
    }

    /** Honours {@code {"id": {"+gt": n}}}, as the watch asks. */
    @Override
    public List<AccountEvent> events(Filter filter) {
        Object id = filter.fields().get("id");
        long after = id instanceof Map<?, ?> m && m.get("+gt") instanceof Number n ? n.longValue() : Long.MIN_VALUE;
        return events.stream().filter(e -> e.id() > after).sorted((a, b) -> Long.compare(b.id(), a.id())).toList();
    }

    @Override
    public long newestEventId() {
        return events.stream().mapToLong(AccountEvent::id).max().orElse(0);
    }

    @Override
    public Instance createInstance(InstanceCreate request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void bootInstance(long id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<LinodeType> types() {
        return List.of();
    }

    @Override
    public Optional<Region> region(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Image> image(String id) {
        throw new UnsupportedOperationException();
    }
}
