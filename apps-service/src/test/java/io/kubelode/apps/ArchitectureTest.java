package io.kubelode.apps;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.kubelode.testkit.arch.LayerRules;
import org.junit.jupiter.api.Test;

/** The plan (what should exist) never does I/O: no client, no service wiring, no Kafka. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.kubelode.apps");

    @Test
    void planImportsNoIo() {
        noClasses().that().resideInAPackage("io.kubelode.apps.plan..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kubelode.apps.kube..",
                        "io.fabric8.kubernetes.client..", "org.apache.kafka..", "io.smallrye..", "jakarta.enterprise..")
                .check(classes);
        noClasses().that().resideInAPackage("io.kubelode.apps.plan..")
                .should().dependOnClassesThat().haveSimpleNameStartingWith("Apps")
                .andShould().dependOnClassesThat().resideInAPackage("io.kubelode.apps")
                .check(classes);
    }

    @Test
    void theKubernetesSeamKnowsNothingOfTheService() {
        noClasses().that().resideInAPackage("io.kubelode.apps.kube..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.smallrye..",
                        "jakarta.enterprise..")
                .check(classes);
    }

    @Test
    void nothingButTheLayerRuntimeKnowsKafka() {
        LayerRules.NO_MESSAGING_TYPES.check(classes);
    }
}
