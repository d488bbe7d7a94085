package io.kubelode.sandbox.ssh;

import io.kubelode.sandbox.admin.Stats;
import io.kubelode.sandbox.cloud.Instance;
import io.kubelode.sandbox.fault.FaultSpec;
import io.kubelode.sandbox.fault.Faults;
import io.kubelode.sandbox.host.Hosts;
import io.kubelode.sandbox.host.ScriptText;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Decides what a script "did" on an instance and records it: a matching fail-commands fault fails
 * it; a script of kubelode's layers gets the instance's {@link Hosts host model}'s answer; any other
 * script reports {@code kubelode:changed} the first time it succeeds and {@code kubelode:unchanged}
 * on an identical rerun.
 */
@ApplicationScoped
public class CommandLog {
    private static final Logger LOG = Logger.getLogger(CommandLog.class);
    /** The marker lines of io.kubelode.nodeshell.NodeShell, copied (nodeshell brings no Kafka now: the sandbox could use it; #24). */
    static final String CHANGED = "kubelode:changed";
    static final String UNCHANGED = "kubelode:unchanged";
    private static final int MAX_SCRIPT = 256 * 1024;

    /** Whether a script's report line (its last line: the marker, then any facts after tabs) says it changed. */
    static boolean reportsChange(String stdout) {
        String out = stdout.strip();
        return out.substring(out.lastIndexOf('\n') + 1).split("\t")[0].equals(CHANGED);
    }

    private final Faults faults;
    private final Stats stats;
    private final Hosts hosts;
    private final Map<Long, List<CommandRecord>> records = new HashMap<>();
    private final Set<String> succeeded = new HashSet<>();
    private long sequence;

    public CommandLog(Faults faults, Stats stats, Hosts hosts) {
        this.faults = faults;
        this.stats = stats;
        this.hosts = hosts;
    }

    /** What the client sees; {@code dropped}: the connection closes instead, no exit status sent. */
    public record Answer(int exitStatus, String stdout, String stderr, boolean dropped) {
        Answer(int exitStatus, String stdout, String stderr) {
            this(exitStatus, stdout, stderr, false);
        }
    }

    public Answer run(Instance instance, String command, String script, Instant started) {
        long instanceId = instance.id();
        String sha = sha256(script);
        // a script that declares its name is known by it alone, as on the real machines (their ssh gate);
        // anything else (an ad-hoc command) by its text
        Optional<FaultSpec> fault = faults.scriptFault(instance.label(), ScriptText.declaredName(script).orElse(script));
        if (fault.isPresent() && FaultSpec.SLOW_COMMANDS.equals(fault.get().type())) {
            pause(fault.get().delayMs());
            fault = Optional.empty();
        }
        Answer answer;
        if (fault.isPresent() && FaultSpec.DROP_COMMANDS.equals(fault.get().type())) {
            answer = new Answer(-1, "", "", true);
        } else if (fault.isPresent()) {
            answer = new Answer(fault.get().exitStatus() == null ? 1 : fault.get().exitStatus(), "",
                    fault.get().stderr() == null ? "sandbox: injected failure\n" : fault.get().stderr());
            hosts.failed(instance, script);
        } else {
            answer = hostAnswer(instance, script).orElseGet(() -> generic(instanceId, sha));
        }
        String outcome = answer.dropped() ? "dropped" : answer.exitStatus() != 0 ? "failed"
                : reportsChange(answer.stdout()) ? "changed" : "unchanged";
        synchronized (this) {
            String kept = script.length() > MAX_SCRIPT ? script.substring(0, MAX_SCRIPT) : script;
            records.computeIfAbsent(instanceId, id -> new ArrayList<>()).add(new CommandRecord(instanceId,
                    instance.label(), ++sequence, command, sha, firstLine(script), kept, answer.exitStatus(), outcome,
                    answer.stderr(), started, Instant.now()));
        }
        stats.sshCommand();
        return answer;
    }

    /** A slow-commands fault: the script waits as long before it runs, as a slow host would make it. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a slow-commands fault held the script back", e);
        }
    }

    private Optional<Answer> hostAnswer(Instance instance, String script) {
        try {
            return hosts.answer(instance, script).map(r -> new Answer(r.exitStatus(), r.stdout(), r.stderr()));
        } catch (RuntimeException e) {
            // a bug of the model, or the cluster's API going away mid-script: the script fails, visibly
            LOG.warnf(e, "instance %d (%s): the host model failed on a script", instance.id(), instance.label());
            return Optional.of(new Answer(1, "", "sandbox: the host model failed: " + e + "\n"));
        }
    }

    /** A script no host model knows: changed the first time it succeeds on the instance, unchanged after. */
    private synchronized Answer generic(long instanceId, String sha) {
        boolean first = succeeded.add(instanceId + "/" + sha);
        return new Answer(0, (first ? CHANGED : UNCHANGED) + "\n", "");
    }

    /** The records of one instance (also after it was deleted), oldest first; null if it has none. */
    public synchronized List<CommandRecord> of(long instanceId) {
        List<CommandRecord> list = records.get(instanceId);
        return list == null ? null : List.copyOf(list);
    }

    public synchronized void clear() {
        records.clear();
        succeeded.clear();
    }

    private static String firstLine(String script) {
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#!")) {
                return trimmed.length() > 200 ? trimmed.substring(0, 200) : trimmed;
            }
        }
        return "";
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
