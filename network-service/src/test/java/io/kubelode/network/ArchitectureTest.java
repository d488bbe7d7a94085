package io.kubelode.network;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.kubelode.nodeshell.script.HostScript;
import io.kubelode.testkit.arch.LayerRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The plan is pure: it never reaches a node, Kafka, or the framework. */
class ArchitectureTest {
    // the module's own classes only: scanning the whole Quarkus class path for a package takes half a minute
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPath(Path.of("target", "classes"));

    @Test
    void thePlanDoesNoIo() {
        // HostScript, the shared script file format (reads a class-path resource, renders text), is the one
        // part of support and nodeshell the plan uses: no I/O with the world
        noClasses().that().resideInAPackage("io.kubelode.network.plan..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("io.kubelode.support..", "io.kubelode.nodeshell..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(HostScript.class))))
                .orShould().dependOnClassesThat().resideInAnyPackage("io.kubelode.network",
                        "io.kubelode.network.view..", "org.apache.kafka..", "io.quarkus..", "io.smallrye..",
                        "jakarta..", "java.net..", "java.io..", "java.nio.file..")
                .check(CLASSES);
    }

    @Test
    void nothingButTheLayerRuntimeKnowsKafka() {
        LayerRules.NO_MESSAGING_TYPES.check(CLASSES);
    }
}
