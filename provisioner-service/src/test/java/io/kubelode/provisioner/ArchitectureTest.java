package io.kubelode.provisioner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.kubelode.testkit.arch.LayerRules;
import org.junit.jupiter.api.Test;

/** The plan never does I/O: it does not reach the Linode client, the flow, SSH sessions, or Kafka. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.kubelode.provisioner");

    @Test
    void planDoesNoIo() {
        noClasses().that().resideInAPackage("..provisioner.plan..")
                .should().dependOnClassesThat().resideInAnyPackage("..provisioner.linode..", "..provisioner.flow..",
                        "java.net..", "java.net.http..", "org.eclipse.microprofile.reactive..", "net.schmizz.sshj..")
                .orShould().dependOnClassesThat().haveSimpleName("SshNodeShell")
                .check(CLASSES);
    }

    @Test
    void linodeClientKnowsNothingOfKafkaOrTheFlow() {
        noClasses().that().resideInAPackage("..provisioner.linode..")
                .should().dependOnClassesThat().resideInAnyPackage("..provisioner.flow..",
                        "org.eclipse.microprofile.reactive..", "io.kubelode.events..")
                .check(CLASSES);
    }

    @Test
    void nothingButTheLayerRuntimeKnowsKafka() {
        LayerRules.NO_MESSAGING_TYPES.check(CLASSES);
    }
}
