package dev.upwatch.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layering inside the core: {@code model} at the bottom, {@code port} on it, the definition use cases on ports and
 * the configuration node, services on top; no cycles between packages.
 */
class CoreLayeringTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.upwatch.core");

    @ParameterizedTest
    @ValueSource(strings = {"model", "port", "definition", "config", "service", "rule", "condition", "probe", "memory"})
    void everyPackageARuleNamesHoldsClasses(String name) {
        // A rule over an empty or misspelt package would pass vacuously.
        assertTrue(CORE.stream().anyMatch(c -> c.getPackageName().equals("dev.upwatch.core." + name)), name);
    }

    @Test
    void theModelDependsOnNothingElseInTheCore() {
        classes().that().resideInAPackage("dev.upwatch.core.model..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.upwatch.core.model..")
                .check(CORE);
    }

    @Test
    void theProbeSpiStandsBelowTheConditionLanguage() {
        // Probes fill a ProbeOutcome and read which placeholders are needed (both model); conditions read outcomes.
        noClasses().that().resideInAPackage("dev.upwatch.core.probe..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.upwatch.core.condition..",
                        "dev.upwatch.core.rule..")
                .check(CORE);
    }

    @Test
    void portsAreDeclaredInTermsOfTheModelOnly() {
        classes().that().resideInAPackage("dev.upwatch.core.port..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.upwatch.core.port..",
                        "dev.upwatch.core.model..")
                .check(CORE);
    }

    @Test
    void theDefinitionUseCasesStandOnPortsTheModelAndTheConfigurationNode() {
        classes().that().resideInAPackage("dev.upwatch.core.definition..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.upwatch.core.definition..",
                        "dev.upwatch.core.port..", "dev.upwatch.core.model..", "dev.upwatch.core.config..")
                .check(CORE);
    }

    @Test
    void nothingCallsIntoTheEngineFromTheDefinitionsOrTheRules() {
        // The engine subscribes to the catalogue; the use cases and the pure rules never reach for it.
        noClasses().that().resideInAnyPackage("dev.upwatch.core.definition..", "dev.upwatch.core.rule..",
                        "dev.upwatch.core.model..", "dev.upwatch.core.port..", "dev.upwatch.core.condition..")
                .should().dependOnClassesThat().resideInAPackage("dev.upwatch.core.service..")
                .check(CORE);
    }

    @Test
    void onlyTheServicesDefaultToTheInMemoryAdapters() {
        noClasses().that().resideOutsideOfPackages("dev.upwatch.core.service..", "dev.upwatch.core.memory..",
                        "dev.upwatch.core")
                .should().dependOnClassesThat().resideInAPackage("dev.upwatch.core.memory..")
                .check(CORE);
    }

    @Test
    void noCyclesBetweenCorePackages() {
        slices().matching("dev.upwatch.core.(*)..").should().beFreeOfCycles().check(CORE);
    }
}
