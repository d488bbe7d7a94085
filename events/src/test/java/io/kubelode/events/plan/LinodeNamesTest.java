package io.kubelode.events.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.FieldViolation;
import io.kubelode.events.spec.SpecValidator;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LinodeNamesTest {
    /** The instance label's pattern and its description's extra rules, as in the official document. */
    private static final Pattern DOCUMENT_LABEL = Pattern.compile("^[a-zA-Z]((?!--|__|\\.\\.)[a-zA-Z0-9-_.])+$");

    /** The longest names the spec validator accepts, in every shape its pattern allows. */
    static List<String> longestValidNames() {
        List<String> names = List.of("a".repeat(SpecValidator.MAX_NAME), "z" + "9".repeat(SpecValidator.MAX_NAME - 1),
                "a-".repeat(SpecValidator.MAX_NAME / 2 - 1) + "bc", "x" + "-1".repeat(SpecValidator.MAX_NAME / 2 - 1) + "2",
                "homelab-" + "0123456789".repeat(4).substring(0, SpecValidator.MAX_NAME - 8));
        for (String name : names) {
            assertThat(name).hasSize(SpecValidator.MAX_NAME);
            assertThat(SpecValidator.validate(new ClusterSpec(name, "eu-central", null, null, null, "dyll.in", null,
                    null, null, null, null))).extracting(FieldViolation::field).as(name).doesNotContain("name");
        }
        return names;
    }

    @Test
    void everyLabelAndTagOfTheLongestValidNamesFitsLinode() {
        for (String name : longestValidNames()) {
            for (String suffix : List.of("aaaaa", "zzzzz", "00000", "99999", "a1b2c")) {
                String id = name + "-" + suffix;
                String tag = LinodeNames.clusterTag(id);
                assertThat(tag.length()).as(tag).isBetween(3, 50);
                assertThat(tag).isEqualTo("kl:" + id);
                for (int node : new int[] {1, 9, 10, 99, 100, AddressPlan.MAX_NODES}) {
                    String label = LinodeNames.instanceLabel(id, node);
                    assertThat(label.length()).as(label).isBetween(3, 64);
                    assertThat(label).matches(DOCUMENT_LABEL).matches(".*[a-zA-Z0-9]$");
                }
            }
            assertThat(LinodeNames.TAG.length()).isBetween(3, 50);
        }
    }

    @Test
    void saysWhatDoesNotFit() {
        assertThat(LinodeNames.tagProblem("kubelode-cluster:" + "a".repeat(40) + "-abcde"))
                .hasValue("a Linode tag has 3 to 50 characters, 'kubelode-cluster:" + "a".repeat(40) + "-abcde' has 63");
        assertThat(LinodeNames.tagProblem("ab")).isPresent();
        for (String bad : new String[] {"ab", "1abc", "ab--c", "ab__c", "ab..c", "abc-", "abc.", "ab c", "a".repeat(65)}) {
            assertThat(LinodeNames.labelProblem(bad)).as(bad).isPresent();
        }
        assertThat(LinodeNames.labelProblem("a.b_c-d9")).isEmpty();
        assertThatThrownBy(() -> LinodeNames.clusterTag("x".repeat(48))).hasMessageContaining("has 51");
        assertThatThrownBy(() -> LinodeNames.instanceLabel("bad--id", 1)).hasMessageContaining("'bad--id-1' is not");
    }
}
