package org.fixmyquarter.examples.embedded;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.i18n.Messages;
import org.fixmyquarter.core.plugin.PluginRegistry;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportPage;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.core.report.StatusChange;
import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.category.CategoryProvider;
import org.fixmyquarter.spi.i18n.LanguagePack;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates, moves and lists reports with the FixMyQuarter core, the way any Java program can: no
 * server, no container, one JVM on the module path.
 *
 * <p>The steps are those the server performs at start and per request, done by hand: find the
 * plugins, merge the categories and translations, migrate the schema, open JPA, then call the use
 * cases inside transactions the program owns.
 *
 * <p>The program checks its own results and exits with status 1 if anything is off, so that a
 * build running it fails rather than printing something wrong.
 */
public final class EmbeddedCore {

    /**
     * An in-memory database, so that every run starts from an empty schema. {@code DB_CLOSE_DELAY=-1}
     * keeps it alive between connections: Flyway and JPA each open their own. Any JDBC database
     * works the same way: change the URL and put its driver on the module path.
     */
    static final String JDBC_URL = "jdbc:h2:mem:fmq-embedded;DB_CLOSE_DELAY=-1";

    /** The persistence unit of {@code META-INF/persistence.xml} in this module. */
    static final String PERSISTENCE_UNIT = "fmq-embedded";

    /** Where the core keeps its migrations; the server uses the same location and history table. */
    static final String MIGRATIONS = "classpath:META-INF/fmq/migration";
    static final String SCHEMA_HISTORY_TABLE = "fmq_schema_history";

    /**
     * Who moves the report forward: the core checks the actor's roles (only moderators, operators
     * and administrators change a status) and records the actor in the status history.
     */
    static final Actor OPERATOR = Actor.of("roads-team", "Road maintenance team", Role.OPERATOR);
    static final String REASON = "Crew scheduled for Tuesday morning";

    private EmbeddedCore() {
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        // Java 17 encodes System.out in the platform charset, often ASCII in build containers,
        // which would turn the French names into question marks. Say UTF-8 explicitly.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        try {
            run(out);
        } catch (CheckFailed e) {
            System.err.println("FixMyQuarter embedded: FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(PrintStream out) {
        // 1. Plugins. The default category pack and the language packs are modules that provide
        //    the SPI services; discover() finds them with ServiceLoader. A program could also pass
        //    its own instances with PluginRegistry.builder().add(...).
        try (PluginRegistry registry = PluginRegistry.builder().discover("module-path").build()) {
            List<CategoryProvider> categoryProviders = registry.active(CategoryProvider.class);
            List<LanguagePack> languagePacks = registry.active(LanguagePack.class);
            check(!categoryProviders.isEmpty(), "no category provider found: is fmq-categories-default on the module path?");
            check(languagePacks.stream().anyMatch(p -> p.locale().getLanguage().equals("fr")),
                    "no French language pack found: is fmq-language-fr on the module path?");

            // 2. What the core is configured with: the merged category tree (reports are
            //    validated against it) and the merged translations.
            CategoryCatalog categories = CategoryCatalog.of(categoryProviders);
            Messages messages = Messages.of(languagePacks, Locale.ENGLISH);

            // 3. The schema, from the migrations shipped inside the core's jar. Flyway reads them
            //    as resources: META-INF/... is not a package, so the core's module does not
            //    encapsulate it and the class loader of the module path finds it.
            MigrateResult migration = Flyway.configure(EmbeddedCore.class.getClassLoader())
                    .dataSource(JDBC_URL, "sa", "")
                    .locations(MIGRATIONS)
                    // An empty schema because the migrations were not found must fail, not pass.
                    .failOnMissingLocations(true)
                    .table(SCHEMA_HISTORY_TABLE)
                    .load()
                    .migrate();
            check(migration.success && migration.migrationsExecuted > 0,
                    "the schema migrations did not run (" + migration.migrationsExecuted + " applied)");

            // 4. JPA. The unit names the entities; the connection is given here, as a program
            //    would take it from its own configuration.
            EntityManagerFactory emf = Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, Map.of(
                    "jakarta.persistence.jdbc.driver", "org.h2.Driver",
                    "jakarta.persistence.jdbc.url", JDBC_URL,
                    "jakarta.persistence.jdbc.user", "sa",
                    "jakarta.persistence.jdbc.password", ""));
            try {
                useReports(out, emf, categories, messages, migration);
            } finally {
                emf.close();
            }
        }
    }

    private static void useReports(PrintStream out, EntityManagerFactory emf, CategoryCatalog categories,
                                   Messages messages, MigrateResult migration) {
        Clock clock = Clock.systemUTC();

        // 5. Three reports in one transaction: each comes with its history row and its outbox
        //    event, all committed together.
        List<Report> created = inTransaction(emf, em -> {
            ReportService reports = new ReportService(em, categories, clock);
            return List.of(
                    reports.create(new NewReport("Deep pothole in front of the school",
                            "About 30 cm wide, cyclists swerve into traffic to avoid it.", "pothole",
                            48.8566, 2.3522, 8.0, "12 rue des Écoles"), Actor.ANONYMOUS),
                    reports.create(new NewReport("Street light out on the footbridge",
                            null, "streetlight-out", 48.8530, 2.3499, 15.0, null), Actor.ANONYMOUS),
                    reports.create(new NewReport("Mattresses dumped behind the market",
                            "Three mattresses and a sofa, since Monday.", "illegal-dumping",
                            48.8600, 2.3470, null, "Place du Marché"), Actor.citizen("citizen-42", "Camille")));
        });
        out.println("FixMyQuarter embedded: " + created.size() + " reports created");

        // 6. The workflow, in a transaction of its own: the street light is being fixed. The core
        //    refuses a change without a reason, and records who made it.
        String movedId = created.get(1).getId();
        inTransaction(emf, em -> new ReportService(em, categories, clock)
                .changeStatus(movedId, ReportStatus.IN_PROGRESS, REASON, OPERATOR));

        // 7. Read back what the database holds, newest first, as the REST API lists them.
        ReportPage page = inTransaction(emf, em -> new ReportService(em, categories, clock)
                .list(new ReportFilter(null, null, null, ReportFilter.DEFAULT_LIMIT)));
        List<StatusChange> history = inTransaction(emf, em -> new ReportService(em, categories, clock)
                .history(movedId));

        for (Report report : page.items()) {
            CategoryDefinition category = categories.find(report.getCategory())
                    .orElseThrow(() -> new CheckFailed("unknown category " + report.getCategory()));
            out.printf("report %s status=%s title=\"%s\" category=%s en=\"%s\" fr=\"%s\"%n",
                    report.getId(), report.getStatus().wireName(), report.getTitle(), category.code(),
                    messages.categoryName(category, Locale.ENGLISH), messages.categoryName(category, Locale.FRENCH));
        }
        for (StatusChange change : history) {
            out.printf("history %s %s -> %s by %s%s%n", change.getReportId(),
                    change.getFrom() == null ? "(new)" : change.getFrom().wireName(),
                    change.getTo().wireName(), change.getActorName(),
                    change.getReason() == null ? "" : ": " + change.getReason());
        }

        // 8. Check what was printed, so that a wrong result fails the run.
        check(page.items().size() == 3, "expected 3 reports in the list, got " + page.items().size());
        check(page.nextCursor() == null, "expected one page, got a next cursor");
        Set<String> createdIds = new HashSet<>();
        created.forEach(r -> createdIds.add(r.getId()));
        Set<String> listedIds = new HashSet<>();
        page.items().forEach(r -> listedIds.add(r.getId()));
        check(listedIds.equals(createdIds), "the list " + listedIds + " is not the reports created " + createdIds);
        for (Report report : page.items()) {
            ReportStatus expected = report.getId().equals(movedId) ? ReportStatus.IN_PROGRESS : ReportStatus.OPEN;
            check(report.getStatus() == expected,
                    "report " + report.getId() + " is " + report.getStatus().wireName() + ", expected " + expected.wireName());
            CategoryDefinition category = categories.find(report.getCategory()).orElseThrow();
            check(!messages.categoryName(category, Locale.FRENCH).equals(messages.categoryName(category, Locale.ENGLISH)),
                    "category " + category.code() + " has no French name");
        }
        check(history.size() == 2 && REASON.equals(history.get(1).getReason())
                        && OPERATOR.id().equals(history.get(1).getActorId()),
                "the status history of " + movedId + " does not record the move with its reason");

        out.println("FixMyQuarter embedded: schema version " + migration.targetSchemaVersion + " ("
                + migration.migrationsExecuted + " migrations applied by Flyway), all checks passed");
    }

    /**
     * Runs one unit of work in a resource-local transaction: the core's use cases expect the
     * caller to own the transaction (the server uses JTA for this), and a failure rolls back
     * everything the work wrote.
     */
    private static <T> T inTransaction(EntityManagerFactory emf, Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new CheckFailed(failure);
        }
    }

    /** A result that is not what the program expected; it ends the run with status 1. */
    private static final class CheckFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CheckFailed(String message) {
            super(message);
        }
    }
}
