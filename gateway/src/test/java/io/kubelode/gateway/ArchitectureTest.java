package io.kubelode.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The read model and the dry-run plan are pure: no Kafka, no HTTP, no Quarkus. Query parameters
 * and headers are read as text and parsed by {@code Param}, never converted by JAX-RS (which
 * reads {@code dryRun=yes} as false).
 */
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

    @Test
    void queryParametersAndHeadersAreTakenAsTextForParam() {
        methods().should(new ArchCondition<JavaMethod>("take @QueryParam and @HeaderParam values as String") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                for (JavaParameter p : method.getParameters()) {
                    if ((p.isAnnotatedWith(QueryParam.class) || p.isAnnotatedWith(HeaderParam.class))
                            && !p.getRawType().isEquivalentTo(String.class)) {
                        events.add(SimpleConditionEvent.violated(method, method.getFullName() + " takes parameter "
                                + p.getIndex() + " as " + p.getRawType().getName() + ": take it as String and parse it"
                                + " with Param"));
                    }
                }
            }
        }).check(CLASSES);
    }
}
