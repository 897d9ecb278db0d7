package org.fixmyquarter.examples.embedded;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.account.AccountService;
import org.fixmyquarter.core.account.NewAccount;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.account.UserAccount;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.i18n.Messages;
import org.fixmyquarter.core.notification.InAppNotification;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.Report;
import org.fixmyquarter.core.report.ReportFilter;
import org.fixmyquarter.core.report.ReportPage;
import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.core.report.StatusChange;
import org.fixmyquarter.embedded.FixMyQuarter;
import org.fixmyquarter.spi.category.CategoryDefinition;

/**
 * Reports, votes, comments with a mention, a status change, a nearby search and a text search
 * with the FixMyQuarter core, the way any Java program can: one builder call, then use cases in
 * transactions. No server, no container, one JVM on the module path.
 *
 * <p>The database is H2 in memory unless the system property {@code fmq.example.jdbc-url} names
 * another (with {@code fmq.example.user} and {@code fmq.example.password}); a database that holds
 * earlier runs is fine: each run marks its reports with a word of its own.
 *
 * <p>The program checks its own results and exits with status 1 if anything is off, so that a
 * build running it fails rather than printing something wrong.
 */
public final class EmbeddedCore {

    /** H2 in memory; {@code DB_CLOSE_DELAY=-1} keeps it while the set-up and JPA open their connections. */
    static final String DEFAULT_URL = "jdbc:h2:mem:fmq-embedded;DB_CLOSE_DELAY=-1";

    private EmbeddedCore() {
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        // Java 17 encodes System.out in the platform charset, often ASCII in build containers,
        // which would turn the French names into question marks. Say UTF-8 explicitly.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        String url = System.getProperty("fmq.example.jdbc-url", DEFAULT_URL);
        try (FixMyQuarter fmq = FixMyQuarter.builder()
                .jdbc(url, System.getProperty("fmq.example.user", "sa"), System.getProperty("fmq.example.password", ""))
                .build()) {
            run(out, fmq, url);
        } catch (CheckFailed e) {
            System.err.println("FixMyQuarter embedded: FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(PrintStream out, FixMyQuarter fmq, String url) {
        CategoryCatalog categories = fmq.categories();
        Messages messages = fmq.messages();
        check(categories.find("pothole").isPresent(), "no category pothole: is fmq-categories-default on the module path?");
        // A word of this run's own, so that a database with earlier runs gives the same results.
        String run = "run" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

        // 1. Two people, as the server's registration makes them.
        UserAccount camille = fmq.inTransaction(core -> core.accounts().register(new NewAccount(
                "camille-" + run + "@example.org", "a long enough password".toCharArray(), "Camille", "fr"),
                Role.CITIZEN, AccountService.SELF));
        UserAccount sam = fmq.inTransaction(core -> core.accounts().register(new NewAccount(
                "sam-" + run + "@example.org", "a long enough password".toCharArray(), "Sam", null),
                Role.CITIZEN, AccountService.SELF));
        // The core checks every use case against the actor's roles: citizens report, vote and
        // comment; only moderators, operators and administrators move a report along its workflow.
        Actor asCamille = Actor.citizen(camille.getId(), camille.getDisplayName());
        Actor asSam = Actor.citizen(sam.getId(), sam.getDisplayName());
        Actor roads = Actor.of("roads-team", "Road maintenance team", Role.OPERATOR);

        // 2. Three reports in one transaction, each with its history row and its outbox event.
        List<Report> created = fmq.inTransaction(core -> List.of(
                core.reports().create(new NewReport("Deep pothole in front of the school " + run,
                        "About 30 cm wide, cyclists swerve into traffic to avoid it.", "pothole",
                        48.8566, 2.3522, 8.0, "12 rue des Écoles"), asCamille),
                core.reports().create(new NewReport("Street light out on the footbridge " + run, null,
                        "streetlight-out", 48.8530, 2.3499, 15.0, null), asCamille),
                core.reports().create(new NewReport("Mattresses dumped behind the market " + run,
                        "Three mattresses and a sofa, since Monday.", "illegal-dumping", 45.7578, 4.8320, null,
                        "Place du Marché, Lyon"), asSam)));
        out.println("FixMyQuarter embedded: " + created.size() + " reports created");
        String pothole = created.get(0).getId();
        String light = created.get(1).getId();

        // 3. Neighbours: a vote, and a comment that mentions Camille by her handle.
        fmq.run(core -> core.votes().vote(pothole, asSam));
        fmq.run(core -> core.comments().add(pothole, "Same on my way to work. @" + camille.getHandle()
                + " did the city answer you?", asSam));

        // 4. The workflow: the street light is being fixed. The core records who and why.
        fmq.run(core -> core.reports().changeStatus(light, ReportStatus.IN_PROGRESS,
                "Crew scheduled for Tuesday morning", roads));

        // 5. Events reach people: the mention and the light's new status land in Camille's in-app
        //    inbox, in French, her language.
        fmq.deliverPending();
        List<InAppNotification> inbox = fmq.inTransaction(core -> core.inbox().list(camille.getId(), false, null, 20))
                .items();

        // 6. Searches: within 2 km of Paris's centre, and by a word.
        ReportPage nearby = fmq.inTransaction(core -> core.reports().list(new ReportFilter(null, null, null, 50)
                .withNear(new ReportFilter.Near(48.8566, 2.3522, 2_000)).withText(run)));
        ReportPage mattresses = fmq.inTransaction(core -> core.reports().list(new ReportFilter(null, null, null, 50)
                .withText("mattresses " + run)));
        List<StatusChange> history = fmq.inTransaction(core -> core.reports().history(light));

        for (Report report : created) {
            Report now = fmq.inTransaction(core -> core.reports().get(report.getId()));
            CategoryDefinition category = categories.find(now.getCategory())
                    .orElseThrow(() -> new CheckFailed("unknown category " + now.getCategory()));
            out.printf("report %s status=%s votes=%d category=%s en=\"%s\" fr=\"%s\"%n", now.getId(),
                    now.getStatus().wireName(), now.getVoteCount(), category.code(),
                    messages.categoryName(category, Locale.ENGLISH), messages.categoryName(category, Locale.FRENCH));
        }
        for (StatusChange change : history) {
            out.printf("history %s -> %s by %s%s%n", change.getFrom() == null ? "(new)" : change.getFrom().wireName(),
                    change.getTo().wireName(), change.getActorName(),
                    change.getReason() == null ? "" : ": " + change.getReason());
        }
        inbox.forEach(n -> out.println("inbox of Camille: " + n.getSubject()));
        out.println("nearby Paris: " + nearby.items().size() + " reports; text 'mattresses': "
                + mattresses.items().size() + " report");

        // 7. Check what was printed, so that a wrong result fails the run.
        Set<String> near = nearby.items().stream().map(Report::getId).collect(Collectors.toSet());
        check(near.equals(Set.of(pothole, light)), "nearby Paris should be the pothole and the light, got " + near);
        check(mattresses.items().size() == 1 && mattresses.items().get(0).getId().equals(created.get(2).getId()),
                "the text search should find the mattresses only");
        check(fmq.inTransaction(core -> core.reports().get(pothole)).getVoteCount() == 1, "the vote was not counted");
        check(history.size() == 2 && history.get(1).getTo() == ReportStatus.IN_PROGRESS,
                "the history of the light does not record the move");
        // Camille follows her own reports: she hears of the light's status change, and of the mention.
        check(inbox.size() == 2 && inbox.stream().anyMatch(n -> n.getSubject().contains("Sam")),
                "Camille's inbox should hold Sam's mention and the light's new status, got " + inbox.size()
                        + " notification(s)");

        out.println("FixMyQuarter embedded: " + (url.startsWith("jdbc:postgresql") ? "PostgreSQL" : "H2")
                + ", schema version " + fmq.schemaVersion() + " (" + fmq.migrationsApplied()
                + " migrations applied now), all checks passed");
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
