package org.fixmyquarter.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.account.AccountService;
import org.fixmyquarter.core.account.LoginPolicy;
import org.fixmyquarter.core.account.Passwords;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.account.SecondFactors;
import org.fixmyquarter.core.area.Areas;
import org.fixmyquarter.core.body.Bodies;
import org.fixmyquarter.core.comment.CommentService;
import org.fixmyquarter.core.error.ForbiddenException;
import org.fixmyquarter.core.follow.FollowService;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.moderation.Flags;
import org.fixmyquarter.core.moderation.Moderation;
import org.fixmyquarter.core.report.NewReport;
import org.fixmyquarter.core.report.ReportService;
import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.core.report.ReportVotes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The role table of the API's {@code AuthorizationMatrixIT}, run against the core's use cases
 * directly, with no REST layer in front: for anonymous, a citizen, a moderator, an operator and an
 * administrator, each allowed call succeeds, and each other one is refused with
 * {@link ForbiddenException} and leaves every table as it was. The API answers {@code 401} where
 * this table says "refused" for anonymous (it asks for a token first) and {@code 403} elsewhere.
 *
 * <p>Staff hold one role each here, without {@code citizen}: what a rule allows "anyone signed
 * in" must not depend on also holding the citizen role.
 */
class AuthorizationMatrixTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    /** Who calls. */
    enum Caller {
        ANONYMOUS(Actor.anonymous()),
        CITIZEN(Actor.citizen("m-citizen", "Citizen")),
        MODERATOR(Actor.of("m-moderator", "Moderator", Role.MODERATOR)),
        OPERATOR(Actor.of("m-operator", "Operator", Role.OPERATOR)),
        ADMINISTRATOR(Actor.of("m-administrator", "Administrator", Role.ADMINISTRATOR));

        final Actor actor;

        Caller(Actor actor) {
            this.actor = actor;
        }
    }

    private static final Set<Caller> EVERYONE = EnumSet.allOf(Caller.class);
    private static final Set<Caller> SIGNED_IN = EnumSet.complementOf(EnumSet.of(Caller.ANONYMOUS));
    private static final Set<Caller> MODERATION = EnumSet.of(Caller.MODERATOR, Caller.ADMINISTRATOR);
    private static final Set<Caller> WORKFLOW = EnumSet.of(Caller.MODERATOR, Caller.OPERATOR, Caller.ADMINISTRATOR);
    private static final Set<Caller> OFFICIAL = EnumSet.of(Caller.OPERATOR, Caller.ADMINISTRATOR);

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-06-02T08:00:00Z"));

    /** What a call needs prepared before it runs, made in transactions of their own. */
    interface Call {
        /**
         * @param caller who calls
         * @return the call, its fixtures made already
         */
        Work prepare(Caller caller);
    }

    /** The call itself, in one transaction. */
    interface Work {
        void run(EntityManager em, Actor actor);
    }

    /** One row: the use case, and who may call it. */
    record Row(String name, Call call, Set<Caller> allowed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Row> table() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("list reports (read)", c -> (em, a) -> reports(em).list(
                new org.fixmyquarter.core.report.ReportFilter(null, null, null, 20,
                        org.fixmyquarter.core.report.ReportFilter.Sort.NEWEST)), EVERYONE));
        rows.add(new Row("submit a report", c -> (em, a) -> reports(em).create(content(), a), EVERYONE));
        rows.add(new Row("history of a report (read)", c -> {
            String report = newReport();
            return (em, a) -> reports(em).history(report);
        }, EVERYONE));
        rows.add(new Row("change a report's status", c -> {
            String report = newReport();
            return (em, a) -> reports(em).changeStatus(report, ReportStatus.IN_PROGRESS, "matrix", a);
        }, WORKFLOW));
        rows.add(new Row("vote", c -> {
            String report = newReport();
            return (em, a) -> new ReportVotes(em, CLOCK).vote(report, a);
        }, SIGNED_IN));
        rows.add(new Row("withdraw a vote", c -> {
            String report = newReport();
            return (em, a) -> new ReportVotes(em, CLOCK).unvote(report, a);
        }, SIGNED_IN));
        rows.add(new Row("comment", c -> {
            String report = newReport();
            return (em, a) -> comments(em).add(report, "matrix", a, false);
        }, SIGNED_IN));
        rows.add(new Row("edit one's own comment", c -> {
            String[] comment = newComment(own(c));
            return (em, a) -> comments(em).edit(comment[0], comment[1], "edited", a);
        }, SIGNED_IN));
        rows.add(new Row("edit the citizen's comment", c -> {
            String[] comment = newComment(Caller.CITIZEN.actor);
            return (em, a) -> comments(em).edit(comment[0], comment[1], "not yours", a);
        }, EnumSet.of(Caller.CITIZEN)));
        rows.add(new Row("delete one's own comment", c -> {
            String[] comment = newComment(own(c));
            return (em, a) -> comments(em).delete(comment[0], comment[1], a);
        }, SIGNED_IN));
        rows.add(new Row("post an official reply", c -> {
            String report = newReport();
            return (em, a) -> comments(em).add(report, "matrix", a, true);
        }, OFFICIAL));
        rows.add(new Row("assign a report", c -> {
            String report = newReport();
            return (em, a) -> reports(em).assign(report, "Roads", "matrix", a);
        }, OFFICIAL));
        rows.add(new Row("follow a report", c -> {
            String report = newReport();
            return (em, a) -> follows(em).follow(report, a);
        }, SIGNED_IN));
        rows.add(new Row("stop following a report", c -> {
            String report = newReport();
            return (em, a) -> follows(em).unfollow(report, a);
        }, SIGNED_IN));
        rows.add(new Row("follow an area", c -> (em, a) -> follows(em).followArea(a, "Matrix", 45.75, 4.83, 300),
                SIGNED_IN));
        rows.add(new Row("stop following one's own area", c -> {
            Actor follower = own(c);
            String area = DB.inTransaction(em -> follows(em).followArea(follower, "Matrix", 45.75, 4.83, 300))
                    .getId();
            return (em, a) -> follows(em).unfollowArea(a, area);
        }, SIGNED_IN));
        rows.add(new Row("flag a report", c -> {
            String report = newReport();
            return (em, a) -> new Flags(em, CLOCK).flag(report, null, "spam", null, null, a, Permissions.seesHidden(a));
        }, SIGNED_IN));
        rows.add(new Row("flag a comment", c -> {
            String[] comment = newComment(Caller.CITIZEN.actor);
            return (em, a) -> new Flags(em, CLOCK).flag(comment[0], comment[1], "spam", null, null, a, Permissions.seesHidden(a));
        }, SIGNED_IN));
        rows.add(new Row("read the moderation queue", c -> (em, a) -> new Flags(em, CLOCK).queue(a, false, 20, null),
                MODERATION));
        rows.add(new Row("dismiss flags", c -> {
            String report = newReport();
            return (em, a) -> new Flags(em, CLOCK).dismiss(report, null, "matrix", a);
        }, MODERATION));
        rows.add(new Row("hide a report", c -> {
            String report = newReport();
            return (em, a) -> new Moderation(em, CLOCK).hideReport(report, "matrix", a);
        }, MODERATION));
        rows.add(new Row("unhide a report", c -> {
            String report = newReport();
            DB.run(em -> new Moderation(em, CLOCK).hideReport(report, "set up", Caller.MODERATOR.actor));
            return (em, a) -> new Moderation(em, CLOCK).unhideReport(report, "matrix", a);
        }, MODERATION));
        rows.add(new Row("hide a comment", c -> {
            String[] comment = newComment(Caller.CITIZEN.actor);
            return (em, a) -> new Moderation(em, CLOCK).hideComment(comment[1], "matrix", a);
        }, MODERATION));
        rows.add(new Row("unhide a comment", c -> {
            String[] comment = newComment(Caller.CITIZEN.actor);
            DB.run(em -> new Moderation(em, CLOCK).hideComment(comment[1], "set up", Caller.MODERATOR.actor));
            return (em, a) -> new Moderation(em, CLOCK).unhideComment(comment[1], "matrix", a);
        }, MODERATION));
        rows.add(new Row("merge a duplicate", c -> {
            String duplicate = newReport();
            String original = newReport();
            return (em, a) -> reports(em).merge(duplicate, original, "matrix", a);
        }, MODERATION));
        rows.add(new Row("grant a role", c -> (em, a) -> accounts(em).grant(Caller.CITIZEN.actor.id(),
                Role.MODERATOR, null, a), EnumSet.of(Caller.ADMINISTRATOR)));
        rows.add(new Row("remove a role", c -> {
            String grant = DB.inTransaction(em -> accounts(em).grant(Caller.CITIZEN.actor.id(), Role.MODERATOR, null,
                    Caller.ADMINISTRATOR.actor)).getId();
            return (em, a) -> accounts(em).revoke(grant, a);
        }, EnumSet.of(Caller.ADMINISTRATOR)));
        rows.add(new Row("import areas", c -> (em, a) -> new Areas(em, CLOCK).importAreas(AREA, Locale.ENGLISH, a),
                EnumSet.of(Caller.ADMINISTRATOR)));
        rows.add(new Row("change an area", c -> {
            String area = newArea();
            return (em, a) -> new Areas(em, CLOCK).change(area, Outbox.JSON.createValue("Matrix"), null, null,
                    Locale.ENGLISH, a);
        }, EnumSet.of(Caller.ADMINISTRATOR)));
        rows.add(new Row("retire an area", c -> {
            String area = newArea();
            return (em, a) -> new Areas(em, CLOCK).retire(area, a);
        }, EnumSet.of(Caller.ADMINISTRATOR)));
        rows.add(new Row("create a body", c -> (em, a) -> bodies(em).create(BODY, Locale.ENGLISH, a),
                EnumSet.of(Caller.ADMINISTRATOR)));
        rows.add(new Row("change a body", c -> {
            String body = newBody();
            return (em, a) -> bodies(em).change(body, BODY, Locale.ENGLISH, a);
        }, EnumSet.of(Caller.ADMINISTRATOR)));
        rows.add(new Row("retire a body", c -> {
            String body = newBody();
            return (em, a) -> bodies(em).retire(body, a);
        }, EnumSet.of(Caller.ADMINISTRATOR)));
        rows.add(new Row("hand a report over to another body", c -> {
            String report = newReport();
            String body = newBody();
            return (em, a) -> reports(em).moveToBody(report, body, "matrix", a);
        }, OFFICIAL));
        rows.add(new Row("remove someone's second factor", c -> (em, a) -> new SecondFactors(em, new Passwords(1_000),
                LoginPolicy.DEFAULT, CLOCK).remove(Caller.CITIZEN.actor.id(), a), EnumSet.of(Caller.ADMINISTRATOR)));
        return rows;
    }

    /** One small area, as an administrator imports it. */
    private static final JsonObject AREA = Outbox.JSON.createReader(new StringReader("{\"type\":\"FeatureCollection\","
            + "\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"Matrix\",\"timeZone\":\"UTC\"},"
            + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[4.8,45.7],[4.81,45.7],[4.81,45.71],[4.8,45.71],"
            + "[4.8,45.7]]]}}]}")).readObject();

    /** A body without rules, as an administrator creates it. */
    private static final JsonObject BODY = Outbox.JSON.createObjectBuilder().add("name", "Matrix body").build();

    private static Bodies bodies(EntityManager em) {
        return new Bodies(em, TestCategories.catalog(), CLOCK);
    }

    private static String newBody() {
        return DB.inTransaction(em -> bodies(em).create(BODY, Locale.ENGLISH, Caller.ADMINISTRATOR.actor)).getId();
    }

    private static String newArea() {
        return DB.inTransaction(em -> new Areas(em, CLOCK).importAreas(AREA, Locale.ENGLISH, Caller.ADMINISTRATOR.actor))
                .get(0).getId();
    }

    static Stream<Arguments> calls() {
        List<Arguments> calls = new ArrayList<>();
        for (Row row : table()) {
            for (Caller caller : Caller.values()) {
                calls.add(Arguments.of(row, caller));
            }
        }
        return calls.stream();
    }

    @BeforeEach
    void accounts() {
        DB.deleteAllRows();
        DB.accountsFor(Caller.CITIZEN.actor, Caller.MODERATOR.actor, Caller.OPERATOR.actor,
                Caller.ADMINISTRATOR.actor);
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("calls")
    void everyRoleGetsWhatTheTableSays(Row row, Caller caller) {
        Work work = row.call().prepare(caller);
        if (row.allowed().contains(caller)) {
            DB.run(em -> work.run(em, caller.actor));
        } else {
            Map<String, Object> before = everyTable();
            ForbiddenException refused = assertThrows(ForbiddenException.class,
                    () -> DB.run(em -> work.run(em, caller.actor)), row + " as " + caller);
            assertTrue(refused.messageKey() != null && refused.messageKey().startsWith("problem."),
                    "a refusal the API can translate: " + refused.messageKey());
            assertEquals(before, everyTable(), row + " as " + caller + " stored something");
        }
    }

    /** An id with no account behind it is refused where an account is needed, whatever its roles. */
    @Test
    void votesAndFollowsNeedAnAccount() {
        Actor ghost = Actor.of("no-such-account", "Ghost", Role.CITIZEN, Role.ADMINISTRATOR);
        String report = newReport();
        Map<String, Object> before = everyTable();
        List<Work> needAnAccount = List.of(
                (em, a) -> new ReportVotes(em, CLOCK).vote(report, a),
                (em, a) -> new ReportVotes(em, CLOCK).unvote(report, a),
                (em, a) -> follows(em).follow(report, a),
                (em, a) -> follows(em).unfollow(report, a),
                (em, a) -> follows(em).followArea(a, "Home", 45.75, 4.83, 300));
        for (Work work : needAnAccount) {
            ForbiddenException e = assertThrows(ForbiddenException.class, () -> DB.run(em -> work.run(em, ghost)));
            assertEquals("problem.account-required.detail", e.messageKey());
            assertEquals(List.of("no-such-account"), e.messageArgs());
        }
        assertEquals(before, everyTable());
    }

    /** A use case given no actor says so, instead of failing with a bare NullPointerException. */
    @Test
    void aMissingActorIsAClearErrorInEveryUseCaseThatActs() {
        for (Row row : table()) {
            if (row.name().endsWith("(read)")) {
                continue;
            }
            Work work = row.call().prepare(Caller.CITIZEN);
            Map<String, Object> before = everyTable();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DB.run(em -> work.run(em, null)), row.name());
            assertTrue(e.getMessage().contains("Actor.anonymous()"), row + ": " + e.getMessage());
            assertEquals(before, everyTable(), row.name());
        }
    }

    /** Missing content is a field error, never a NullPointerException. */
    @Test
    void missingContentIsAFieldError() {
        String report = newReport();
        Actor citizen = Caller.CITIZEN.actor;
        assertEquals("text", assertThrows(org.fixmyquarter.core.error.ValidationException.class,
                () -> DB.run(em -> comments(em).add(report, null, citizen))).errors().get(0).field());
        assertEquals("reason", assertThrows(org.fixmyquarter.core.error.ValidationException.class,
                () -> DB.run(em -> new Flags(em, CLOCK).flag(report, null, null, null, null, citizen, false)))
                .errors().get(0).field());
        assertEquals("name", assertThrows(org.fixmyquarter.core.error.ValidationException.class,
                () -> DB.run(em -> follows(em).followArea(citizen, null, 45.75, 4.83, 300))).errors().get(0).field());
        assertEquals("status", assertThrows(org.fixmyquarter.core.error.ValidationException.class,
                () -> DB.run(em -> reports(em).changeStatus(report, null, "why", Caller.OPERATOR.actor))).errors()
                .get(0).field());
        assertEquals("reason", assertThrows(org.fixmyquarter.core.error.ValidationException.class,
                () -> DB.run(em -> new Moderation(em, CLOCK).hideReport(report, null, Caller.MODERATOR.actor)))
                .errors().get(0).field());
    }

    /** The rules count the roles an actor holds, not the name or id it carries. */
    @Test
    void anActorWithoutRolesIsNotSignedIn() {
        Actor noRoles = new Actor(Caller.CITIZEN.actor.id(), "Citizen");
        String report = newReport();
        ForbiddenException e = assertThrows(ForbiddenException.class,
                () -> DB.run(em -> comments(em).add(report, "hello", noRoles, false)));
        assertEquals("problem.sign-in-required.detail", e.messageKey());
    }

    // --- fixtures ------------------------------------------------------------------------------

    private static ReportService reports(EntityManager em) {
        return new ReportService(em, TestCategories.catalog(), CLOCK);
    }

    private static AccountService accounts(EntityManager em) {
        return new AccountService(em, new Passwords(1_000), LoginPolicy.DEFAULT, CLOCK);
    }

    private static CommentService comments(EntityManager em) {
        return new CommentService(em, CLOCK, Duration.ofMinutes(15));
    }

    private static FollowService follows(EntityManager em) {
        return new FollowService(em, CLOCK);
    }

    private static NewReport content() {
        return new NewReport("Matrix report", null, "lighting", 45.75, 4.83, 5.0, null);
    }

    private static String newReport() {
        CLOCK.advance(Duration.ofSeconds(1));
        return DB.inTransaction(em -> reports(em).create(content(), Actor.anonymous())).getId();
    }

    /** @return the report id and the id of a new comment on it by the author */
    private static String[] newComment(Actor author) {
        String report = newReport();
        String comment = DB.inTransaction(em -> comments(em).add(report, "matrix", author)).getId();
        return new String[] {report, comment};
    }

    /** The caller, or the citizen for anonymous, who owns nothing: as in the API's table. */
    private static Actor own(Caller caller) {
        return caller == Caller.ANONYMOUS ? Caller.CITIZEN.actor : caller.actor;
    }

    /** The rows of every table, to show that a refused call changed none. */
    private static Map<String, Object> everyTable() {
        Map<String, Object> tables = new LinkedHashMap<>();
        for (List<Object> row : DB.query("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = 'PUBLIC' AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            String table = (String) row.get(0);
            tables.put(table, DB.query("SELECT * FROM \"" + table + "\"").toString());
        }
        return tables;
    }
}
