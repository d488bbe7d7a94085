package io.kubelode.provisioner.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.provisioner.linode.AccountEvent;
import io.kubelode.provisioner.linode.Filter;
import io.kubelode.provisioner.linode.Instance;
import io.kubelode.provisioner.linode.InstanceCreate;
import io.kubelode.provisioner.linode.LinodeApi;
import io.kubelode.provisioner.linode.LinodeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A scale-down deletes exactly the leaving nodes' instances, by label and ownership tag, once. */
class ScaleDownReleaserTest {

    /** An account of instances in memory; only what the releaser calls. */
    static final class Account implements LinodeApi {
        final List<Instance> instances = new ArrayList<>();
        final List<Long> deletes = new ArrayList<>();

        void add(long id, String label, String... tags) {
            instances.add(new Instance(id, label, Instance.RUNNING, "eu-central", "g6-nanode-1", "linode/debian12",
                    List.of("127.78.0." + id), List.of(tags)));
        }

        @Override
        public List<Instance> listInstances(Filter filter) {
            Object label = filter.fields().get("label");
            return instances.stream().filter(i -> label == null || label.equals(i.label())).toList();
        }

        @Override
        public boolean deleteInstance(long id) {
            deletes.add(id);
            return instances.removeIf(i -> i.id() == id);
        }

        @Override
        public Instance createInstance(InstanceCreate request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Instance> getInstance(long id) {
            return instances.stream().filter(i -> i.id() == id).findFirst();
        }

        @Override
        public void bootInstance(long id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<AccountEvent> events(Filter filter) {
            return List.of();
        }

        @Override
        public List<LinodeType> types() {
            return List.of();
        }

        @Override
        public Optional<io.kubelode.provisioner.linode.Region> region(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<io.kubelode.provisioner.linode.Image> image(String id) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void deletesOnlyTheLeavingNodesOfTheClusterAndNothingOnARerun() {
        Account account = new Account();
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
        Account account = new Account();
        account.add(4, "c-4", "kubelode");
        assertThat(new Releaser(account).remove("c", List.of(4))).isEmpty();
        assertThat(account.instances).hasSize(1);
    }
}
