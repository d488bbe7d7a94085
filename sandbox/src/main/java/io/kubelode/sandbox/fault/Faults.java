package io.kubelode.sandbox.fault;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The faults in force. Each query that a fault answers counts as one hit of it. A fault scoped to a
 * cluster or a domain ({@link FaultSpec#cluster()}, {@link FaultSpec#domain()}) only answers
 * queries about that {@link Scope}; an unscoped one answers every query its other fields match.
 */
@ApplicationScoped
public class Faults {
    private static final Set<String> TYPES = Set.of(FaultSpec.FAIL_CREATES, FaultSpec.SERVER_ERRORS,
            FaultSpec.RATE_LIMIT, FaultSpec.SLOW_BOOT, FaultSpec.FAIL_COMMANDS, FaultSpec.SLOW_COMMANDS,
            FaultSpec.DROP_COMMANDS, FaultSpec.NEVER_READY);
    private static final Set<String> COMMAND_TYPES = Set.of(FaultSpec.FAIL_COMMANDS, FaultSpec.SLOW_COMMANDS,
            FaultSpec.DROP_COMMANDS);

    private final AtomicLong ids = new AtomicLong();
    private final List<Active> active = new ArrayList<>();

    /** A fault in force. */
    public record Active(long id, FaultSpec spec, Instant expires, AtomicInteger remaining) {
        boolean live(Instant now) {
            return (expires == null || now.isBefore(expires)) && (remaining == null || remaining.get() > 0);
        }

        boolean hit() {
            return remaining == null || remaining.getAndDecrement() > 0;
        }
    }

    /** Validates and installs a fault; returns it with its id. */
    public synchronized Active add(FaultSpec spec) {
        if (spec.type() == null || !TYPES.contains(spec.type())) {
            throw new IllegalArgumentException("type must be one of " + TYPES);
        }
        for (String regex : new String[] {spec.labelPattern(), spec.pathPattern(), spec.commandPattern(),
                spec.namePattern()}) {
            if (regex != null) {
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("invalid pattern: " + e.getMessage());
                }
            }
        }
        if ((spec.cluster() != null && spec.cluster().isBlank()) || (spec.domain() != null && spec.domain().isBlank())) {
            throw new IllegalArgumentException("cluster and domain, when given, must not be blank");
        }
        if ((FaultSpec.SLOW_BOOT.equals(spec.type()) || FaultSpec.SLOW_COMMANDS.equals(spec.type()))
                && (spec.delayMs() == null || spec.delayMs() < 0)) {
            throw new IllegalArgumentException(spec.type() + " needs delay_ms >= 0");
        }
        Instant expires = spec.durationMs() == null ? null : Instant.now().plusMillis(spec.durationMs());
        AtomicInteger remaining = spec.count() == null ? null : new AtomicInteger(spec.count());
        Active fault = new Active(ids.incrementAndGet(), spec, expires, remaining);
        active.add(fault);
        return fault;
    }

    public synchronized List<Active> list() {
        Instant now = Instant.now();
        active.removeIf(f -> !f.live(now));
        return List.copyOf(active);
    }

    public synchronized boolean remove(long id) {
        return active.removeIf(f -> f.id() == id);
    }

    public synchronized void clear() {
        active.clear();
    }

    /** A server-errors or rate-limit fault for a request whose scope is unknown: only unscoped faults. */
    public Optional<FaultSpec> httpFault(String method, String path) {
        return httpFault(method, path, Scope.NONE, false);
    }

    /**
     * A server-errors or rate-limit fault for this request about {@code scope}, if one is in force;
     * with {@code scopedOnly}, only faults scoped to it (a second look once the request body told the scope).
     */
    public Optional<FaultSpec> httpFault(String method, String path, Scope scope, boolean scopedOnly) {
        return hit(f -> (FaultSpec.SERVER_ERRORS.equals(f.type()) || FaultSpec.RATE_LIMIT.equals(f.type()))
                && (!scopedOnly || f.scoped()) && scope.admits(f)
                && (f.method() == null || f.method().equalsIgnoreCase(method))
                && (f.pathPattern() == null || Pattern.compile(f.pathPattern()).matcher(path).find()));
    }

    /** A fail-creates fault for this label, if one is in force. */
    public Optional<FaultSpec> createFailure(String label) {
        return hit(f -> FaultSpec.FAIL_CREATES.equals(f.type()) && labelMatches(f, label));
    }

    /** The extra boot time of a slow-boot fault for this label (zero when none). */
    public Duration extraBoot(String label) {
        return hit(f -> FaultSpec.SLOW_BOOT.equals(f.type()) && labelMatches(f, label))
                .map(f -> Duration.ofMillis(f.delayMs()))
                .orElse(Duration.ZERO);
    }

    /** A fail-commands fault for this command on this instance, if one is in force. */
    public Optional<FaultSpec> commandFailure(String label, String command) {
        return commandFault(label, command, Set.of(FaultSpec.FAIL_COMMANDS));
    }

    /**
     * The first fail-, slow- or drop-commands fault in force for this script (its declared name, or the text
     * of a command that declares none) on this instance.
     */
    public Optional<FaultSpec> scriptFault(String label, String script) {
        return commandFault(label, script, COMMAND_TYPES);
    }

    private Optional<FaultSpec> commandFault(String label, String script, Set<String> types) {
        return hit(f -> types.contains(f.type()) && labelMatches(f, label)
                && (f.commandPattern() == null || Pattern.compile(f.commandPattern()).matcher(script).find()));
    }

    /**
     * Whether a never-ready fault holds this workload back, its cluster unknown: only unscoped faults.
     * Asked on every controller round, so it does not count as a hit: {@code count} does not wear it
     * off, {@code duration_ms} does.
     */
    public boolean neverReady(String namespace, String name) {
        return neverReady(null, namespace, name);
    }

    /** Whether a never-ready fault holds back this workload of the cluster with this id or tag (null: unknown). */
    public synchronized boolean neverReady(String cluster, String namespace, String name) {
        Instant now = Instant.now();
        Scope scope = Scope.ofCluster(cluster);
        return active.stream().filter(f -> f.live(now)).map(Active::spec)
                .filter(f -> FaultSpec.NEVER_READY.equals(f.type()) && scope.admits(f))
                .anyMatch(f -> f.namePattern() == null || Pattern.matches(f.namePattern(), name)
                        || Pattern.matches(f.namePattern(), namespace + "/" + name));
    }

    private synchronized Optional<FaultSpec> hit(Predicate<FaultSpec> applies) {
        Instant now = Instant.now();
        for (Active f : active) {
            if (f.live(now) && applies.test(f.spec()) && f.hit()) {
                return Optional.of(f.spec());
            }
        }
        return Optional.empty();
    }

    private static boolean labelMatches(FaultSpec f, String label) {
        return (f.labelPattern() == null || Pattern.matches(f.labelPattern(), label))
                && Scope.ofLabel(label).admits(f);
    }
}
