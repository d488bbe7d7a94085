package io.kubelode.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The read model and the dry-run plan are pure: no Kafka, no HTTP, no Quarkus. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPath(Path.of("target/classes"));

    @Test
    void theViewAndThePlanDoNoIo() {
        classes().that().resideInAnyPackage("io.kubelode.gateway.view..", "io.kubelode.gateway.plan..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java.lang..", "java.util..", "java.time..",
                        "java.math..", "io.kubelode.events..", "io.kubelode.support", "io.kubelode.gateway.view..",
                        "io.kubelode.gateway.plan..")
                .check(CLASSES);
    }

    @Test
    void onlyTheFeedReadsKafka() {
        noClasses().that().resideOutsideOfPackage("io.kubelode.gateway.feed..").should().dependOnClassesThat()
                .resideInAPackage("org.apache.kafka..").check(CLASSES);
    }
}
