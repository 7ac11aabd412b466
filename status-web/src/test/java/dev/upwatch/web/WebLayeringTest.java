package dev.upwatch.web;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Web code reaches notify and persistence only through the core's ports: the Guice modules bind the adapters. The
 * classes that still import them are named here one by one (remaining work, listed in docs/architecture.md), so that
 * no new one can be added unnoticed.
 */
class WebLayeringTest {
    private static final JavaClasses WEB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.upwatch.web");

    /**
     * Known exceptions: the configuration holds notify's channel settings (and the API's and console's channel routes
     * use them and the notifier's test and replay); commands ({@code Main}, and {@code StoreCommands}
     * for {@code token} and {@code user} when no server holds the embedded database) and probes open the database; the
     * subscription routes call the subscription use cases, which live in status-notify until they move behind a core
     * in-port (an open thread in docs/architecture.md).
     */
    private static final String[] STILL_IMPORTING = {
            "dev.upwatch.web.Main", "dev.upwatch.web.StoreCommands", "dev.upwatch.web.UpwatchApplication",
            "dev.upwatch.web.config.UpwatchConfig", "dev.upwatch.web.config.ConfigLoader",
            "dev.upwatch.web.admin.AdminAnswers", "dev.upwatch.web.admin.AdminChannelResource",
            "dev.upwatch.web.admin.AdminChannelResource$Channels", "dev.upwatch.web.admin.ChannelTrialJson",
            "dev.upwatch.web.admin.AdminModule", "dev.upwatch.web.admin.DefinitionFormats",
            "dev.upwatch.web.console.ConsoleChannelResource",
            "dev.upwatch.web.api.ReadinessResource", "dev.upwatch.web.metrics.MetricsResource",
            "dev.upwatch.web.metrics.UpwatchMetrics", "dev.upwatch.web.config.SubscriptionSection",
            "dev.upwatch.web.subscription.AdminSubscriptionResource", "dev.upwatch.web.subscription.MaintenanceTicker",
            "dev.upwatch.web.subscription.SubscribePageResource", "dev.upwatch.web.subscription.SubscriptionModule",
            "dev.upwatch.web.subscription.SubscriptionModule$Offered", "dev.upwatch.web.subscription.SubscriptionOffer",
            "dev.upwatch.web.subscription.SubscriptionRequests", "dev.upwatch.web.subscription.SubscriptionResource",
            "dev.upwatch.web.agent.AgentModule", "dev.upwatch.web.agent.BatchSignature"};

    @Test
    void onlyTheGuiceModulesAndTheNamedClassesImportNotifyOrPersistence() {
        noClasses().that().resideInAPackage("dev.upwatch.web..")
                .and().resideOutsideOfPackage("dev.upwatch.web.guice..")
                .and(com.tngtech.archunit.base.DescribedPredicate.not(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf(classes(STILL_IMPORTING))))
                .should().dependOnClassesThat().resideInAnyPackage("dev.upwatch.notify..", "dev.upwatch.persistence..")
                .check(WEB);
    }

    @Test
    void theRuleLooksAtRealClasses() {
        // A rule over packages that do not exist would pass vacuously.
        for (String type : new String[] {"api.StatusResource", "page.LivePages", "admin.AdminMonitorResource",
                "guice.NotifyModule", "guice.PersistenceModule"}) {
            assertTrue(WEB.contain("dev.upwatch.web." + type), type + " imported");
        }
        for (String type : STILL_IMPORTING) {
            assertTrue(WEB.contain(type), type + " is still a class");
        }
    }

    private static Class<?>[] classes(String[] names) {
        Class<?>[] classes = new Class<?>[names.length];
        for (int i = 0; i < names.length; i++) {
            try {
                classes[i] = Class.forName(names[i], false, WebLayeringTest.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(names[i], e);
            }
        }
        return classes;
    }
}
