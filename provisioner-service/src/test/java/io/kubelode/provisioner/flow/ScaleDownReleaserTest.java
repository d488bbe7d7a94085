package io.kubelode.provisioner.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.provisioner.linode.Instance;
import io.kubelode.provisioner.linode.MemoryAccount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scale-down deletes exactly the leaving nodes' instances, by label and ownership tag, once. */
class ScaleDownReleaserTest {

    @Test
    void deletesOnlyTheLeavingNodesOfTheClusterAndNothingOnARerun() {
        MemoryAccount account = new MemoryAccount();
        for (int n = 1; n <= 5; n++) {
            account.add(n, "c-" + n, "kubelode", "kl:c");
        }
        account.add(9, "other-5", "kubelode", "kl:other");
        Releaser releaser = new Releaser(account);

        assertThat(releaser.remove("c", List.of(4, 5))).containsExactly(4L, 5L);
        assertThat(account.instances).extracting(Instance::label).containsExactly("c-1", "c-2", "c-3", "other-5");
        assertThat(releaser.remove("c", List.of(4, 5))).isEmpty();
        assertThat(account.deletes).containsExactly(4L, 5L);
    }

    @Test
    void neverDeletesAnInstanceWithTheLabelButNotTheClustersTag() {
        MemoryAccount account = new MemoryAccount();
        account.add(4, "c-4", "kubelode");
        assertThat(new Releaser(account).remove("c", List.of(4))).isEmpty();
        assertThat(account.instances).hasSize(1);
    }
}
