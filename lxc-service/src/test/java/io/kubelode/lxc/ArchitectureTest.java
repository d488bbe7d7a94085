package io.kubelode.lxc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.kubelode.nodeshell.script.HostScript;
import io.kubelode.testkit.arch.LayerRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The plan never does I/O; the host steps do not know Kafka or Quarkus. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPath(Path.of("target/classes"));

    @Test
    void planDependsOnNothingThatTalksToTheWorld() {
        // HostScript: the shared script file format (reads a class-path resource, renders text), no I/O with the world
        classes().that().resideInAPackage("io.kubelode.lxc.plan..").should().onlyDependOnClassesThat(
                        JavaClass.Predicates.resideInAnyPackage("java.lang..", "java.util..", "java.io..",
                                "java.nio.charset..", "io.kubelode.events..", "io.kubelode.lxc.plan..")
                                .or(JavaClass.Predicates.equivalentTo(HostScript.class)))
                .check(CLASSES);
    }

    @Test
    void hostStepsDoNotKnowTheMessagingOrTheService() {
        noClasses().that().resideInAPackage("io.kubelode.lxc.host..").should().dependOnClassesThat()
                .resideInAnyPackage("io.quarkus..", "org.eclipse.microprofile..", "io.smallrye..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.kubelode.lxc.LxcSaga")
                .check(CLASSES);
    }

    @Test
    void nothingButTheLayerRuntimeKnowsKafka() {
        LayerRules.NO_MESSAGING_TYPES.check(CLASSES);
    }
}
