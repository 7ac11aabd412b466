package dev.upwatch.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The core is plain Java: it may use only the JDK ({@code java..}, and {@code javax.net.ssl} for TLS reasons) and itself. */
class CoreDependencyRulesTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.upwatch.core");

    @Test
    void importsOnlyTheJdkAndItself() {
        classes().that().resideInAPackage("dev.upwatch.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.net.ssl..", "dev.upwatch.core..")
                .check(CORE);
    }

    @Test
    void theRuleLooksAtRealClasses() {
        // Guards against a vacuous pass: the packages the rule covers must really hold the core.
        for (String type : new String[] {"model.Monitor", "probe.ProbeFactory", "port.SampleStore",
                "rule.HealthStateMachine", "service.MonitorScheduler", "condition.ConditionParser"}) {
            assertTrue(CORE.contain("dev.upwatch.core." + type), type + " imported");
        }
    }
}
