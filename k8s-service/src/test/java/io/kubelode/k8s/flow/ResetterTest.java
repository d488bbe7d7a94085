package io.kubelode.k8s.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.k8s.plan.scripts.ScriptPaths;
import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The compensation's order with a join that failed half-way on node 3: its etcd member outlives
 * its own reset, and node 1's control plane removes it before node 2's control plane leaves etcd
 * (with it still listed, etcd would refuse node 2's removal: one started member of two). When node
 * 1 was replaced and its fresh control plane never joined, the member is removed through node 2's.
 */
class ResetterTest {
    private static final Pattern HEADER = Pattern.compile("# kubelode: (\\S+) in (\\S+)");
    private final ExecutorService pool = Executors.newFixedThreadPool(3);
    private final List<String> ran = new CopyOnWriteArrayList<>();
    /** The nodes whose control plane reports {@code state=joined}. */
    private final Set<Integer> joined = new java.util.HashSet<>(Set.of(1, 2, 3));
    private static final List<Resetter.Via> THROUGH = List.of(new Resetter.Via(1, "c-1-master"),
            new Resetter.Via(2, "c-2-master"), new Resetter.Via(3, "c-3-master"));

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    @Test
    void aLeftOverMemberIsRemovedThroughNode1RightAfterItsOwnResetAndBeforeTheNextControlPlaneLeaves() {
        // node 3's member is still listed until node 1 removes it; removing anything else changes nothing
        Set<String> listed = new java.util.HashSet<>(Set.of("https://10.100.3.2:2380"));
        Map<Integer, NodeShell> shells = Map.of(1, shell(1, listed), 2, shell(2, listed), 3, shell(3, listed));
        Resetter resetter = new Resetter(new ScriptRunner(Duration.ofSeconds(10), 1, Duration.ofMillis(1)), pool,
                ScriptPaths.STANDARD);

        Resetter.Outcome outcome = resetter.resetAll("c", THROUGH, List.of(
                new Resetter.Target(1, "c-1-master", "c-1-worker", "10.100.1.2"),
                new Resetter.Target(2, "c-2-master", "c-2-worker", "10.100.2.2"),
                new Resetter.Target(3, "c-3-master", "c-3-worker", "10.100.3.2")), shells);

        assertThat(outcome.leftoverMembers()).containsExactly("c-3-master");
        assertThat(outcome.notReset()).isEmpty();
        assertThat(ran.subList(0, 3)).containsExactlyInAnyOrder("1 reset.sh c-1-worker", "2 reset.sh c-2-worker",
                "3 reset.sh c-3-worker");
        assertThat(ran.subList(3, ran.size())).containsExactly("3 reset.sh c-3-master",
                "1 join-state.sh c-1-master",
                "1 etcd-remove-member.sh c-1-master https://10.100.3.2:2380", "2 reset.sh c-2-master",
                "1 etcd-remove-member.sh c-1-master https://10.100.2.2:2380", "1 reset.sh c-1-master");
    }

    @Test
    void aReplacedNode1WhoseControlPlaneNeverJoinedIsNotAskedToRemoveMembersNode2Is() {
        // node 1's instance was replaced (issue #25) and the repair stopped before its control plane
        // joined: its fresh container has no etcd to ask, and node 3's left-over member must still go
        joined.remove(1);
        Set<String> listed = new java.util.HashSet<>(Set.of("https://10.100.3.2:2380"));
        Map<Integer, NodeShell> shells = Map.of(1, shell(1, listed), 2, shell(2, listed), 3, shell(3, listed));
        Resetter resetter = new Resetter(new ScriptRunner(Duration.ofSeconds(10), 1, Duration.ofMillis(1)), pool,
                ScriptPaths.STANDARD);

        Resetter.Outcome outcome = resetter.resetAll("c", THROUGH, List.of(
                new Resetter.Target(1, "c-1-master", "c-1-worker", "10.100.1.2"),
                new Resetter.Target(2, "c-2-master", "c-2-worker", "10.100.2.2"),
                new Resetter.Target(3, "c-3-master", "c-3-worker", "10.100.3.2")), shells);

        assertThat(outcome.leftoverMembers()).containsExactly("c-3-master");
        assertThat(listed).isEmpty();
        assertThat(ran.subList(3, ran.size())).containsExactly("3 reset.sh c-3-master",
                "1 join-state.sh c-1-master", "2 join-state.sh c-2-master",
                "2 etcd-remove-member.sh c-2-master https://10.100.3.2:2380", "2 reset.sh c-2-master",
                "1 reset.sh c-1-master");
    }

    @Test
    void noNode1ControlPlaneMeansNoMemberToAskAndNothingFails() {
        Set<String> listed = new java.util.HashSet<>();
        Resetter resetter = new Resetter(new ScriptRunner(Duration.ofSeconds(10), 1, Duration.ofMillis(1)), pool,
                ScriptPaths.STANDARD);
        Resetter.Outcome outcome = resetter.resetAll("c", List.of(),
                List.of(new Resetter.Target(2, "c-2-master", "c-2-worker", "10.100.2.2")), Map.of(2, shell(2, listed)));
        assertThat(outcome.leftoverMembers()).isEmpty();
        assertThat(ran).containsExactly("2 reset.sh c-2-worker", "2 reset.sh c-2-master");
    }

    private NodeShell shell(int node, Set<String> listed) {
        return new NodeShell() {
            @Override
            public CommandResult run(String script, Duration timeout) {
                Matcher m = HEADER.matcher(script);
                assertThat(m.find()).as("a kubelode container script").isTrue();
                boolean changed = false;
                String what = node + " " + m.group(1) + " " + m.group(2);
                if (m.group(1).equals("join-state.sh")) {
                    ran.add(what);
                    return new CommandResult(0, UNCHANGED + "\tstate=" + (joined.contains(node) ? "joined" : "absent")
                            + "\n", "");
                }
                if (m.group(1).equals("etcd-remove-member.sh")) {
                    Matcher url = Pattern.compile("MEMBER_PEER_URL='([^']+)'").matcher(script);
                    assertThat(url.find()).isTrue();
                    what += " " + url.group(1);
                    synchronized (listed) {
                        changed = listed.remove(url.group(1));
                    }
                }
                ran.add(what);
                return new CommandResult(0, changed ? CHANGED + "\n" : UNCHANGED + "\n", "");
            }

            @Override
            public String target() {
                return "root@node-" + node;
            }

            @Override
            public void close() {
            }
        };
    }
}
