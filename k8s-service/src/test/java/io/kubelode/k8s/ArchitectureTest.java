package io.kubelode.k8s;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.kubelode.testkit.arch.LayerRules;
import org.junit.jupiter.api.Test;

/** Plan never imports I/O: the kubeadm documents, scripts and PKI are pure and testable alone. */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.kubelode.k8s");

    @Test
    void planAndPkiDoNoIo() {
        noClasses().that().resideInAnyPackage("io.kubelode.k8s.plan..", "io.kubelode.k8s.pki..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kubelode.k8s.flow..", "io.kubelode.k8s.api..",
                        "io.kubelode.k8s.shell..", "io.kubelode.k8s.view..", "io.kubelode.nodeshell",
                        "io.kubelode.nodeshell.ssh..", "io.fabric8..", "org.apache.kafka..", "jakarta..",
                        "io.quarkus..", "org.eclipse.microprofile..")
                .check(CLASSES);
    }

    @Test
    void onlyTheApiPackageTalksToFabric8() {
        noClasses().that().resideOutsideOfPackage("io.kubelode.k8s.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..")
                .check(CLASSES);
    }

    @Test
    void nothingButTheLayerRuntimeKnowsKafka() {
        LayerRules.NO_MESSAGING_TYPES.check(CLASSES);
    }
}
