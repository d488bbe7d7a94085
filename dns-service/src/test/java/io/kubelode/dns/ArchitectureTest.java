package io.kubelode.dns;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.kubelode.testkit.arch.LayerRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The plan never does I/O: it depends on the JDK's non-I/O parts, the event contract, and itself. */
class ArchitectureTest {
    // the module's own classes only: scanning the whole class path for the package takes ~20 s
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPath(Path.of("target/classes"));

    @Test
    void planDependsOnNothingThatTalksToTheWorld() {
        classes().that().resideInAPackage("io.kubelode.dns.plan..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java.lang..", "java.util..", "java.net", "io.kubelode.events..",
                        "io.kubelode.dns.plan..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.kubelode.dns.plan..").should().dependOnClassesThat()
                .haveFullyQualifiedName("java.net.Socket").orShould().dependOnClassesThat()
                .haveFullyQualifiedName("java.net.http.HttpClient").check(CLASSES);
    }

    @Test
    void providersDoNotKnowTheServiceOrTheHealthMonitor() {
        noClasses().that().resideInAPackage("io.kubelode.dns.provider..").should().dependOnClassesThat()
                .resideInAnyPackage("io.kubelode.dns.health..", "io.quarkus..", "org.eclipse.microprofile..")
                .check(CLASSES);
    }

    @Test
    void nothingButTheLayerRuntimeKnowsKafka() {
        LayerRules.NO_MESSAGING_TYPES.check(CLASSES);
    }
}
