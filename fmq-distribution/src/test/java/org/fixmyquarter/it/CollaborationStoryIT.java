package org.fixmyquarter.it;

import static org.fixmyquarter.it.FollowingAndNotificationsIT.awaitNotification;
import static org.fixmyquarter.it.support.Api.await;
import static org.fixmyquarter.it.support.Api.get;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.postJson;
import static org.fixmyquarter.it.support.Api.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

import org.fixmyquarter.it.support.People;
import org.fixmyquarter.it.support.People.Person;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole collaboration story of one report, as its people live it: a citizen reports, two
 * neighbours vote and comment, one mentioning a third, who hears of it in the app and by e-mail
 * (through a real SMTP server); a moderator hides an abusive comment and merges a duplicate; an
 * operator works the report to resolution; followers hear of it; the public history shows it all.
 *
 * <p>The test servers send mail to 127.0.0.1:3025, where this test runs GreenMail.
 */
class CollaborationStoryIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    /** Bordeaux, away from the other tests' reports. */
    private static final double LAT = 44.8412;
    private static final double LON = -0.5800;

    private static GreenMail smtp;

    @BeforeAll
    static void startMailServer() {
        smtp = new GreenMail(new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopMailServer() {
        smtp.stop();
    }

    @Test
    void aReportFromFirstSightToResolution() throws Exception {
        Person alice = People.citizen("Alice Reporter", People.uniqueHandle("alice"), null);
        Person bruno = People.citizen("Bruno Voisin", People.uniqueHandle("bruno"), "fr");
        Person chloe = People.citizen("Chloé Riveraine", People.uniqueHandle("chloe"), "fr");
        Person troll = People.citizen("Troll", null, null);
        Person erin = People.citizen("Erin Passante", null, null);
        Person moderator = People.staff("Mia Moderator", "moderator");
        Person operator = People.staff("Water Board", "operator");

        // A citizen reports; two neighbours support it.
        String report = created(postJson("/api/v1/reports", report("Water leaking from the pavement", "water-leak",
                LAT, LON), alice.token()));
        assertEquals(1, json(postJson("/api/v1/reports/" + report + "/vote", "", bruno.token())).getInt("votes"));
        assertEquals(2, json(postJson("/api/v1/reports/" + report + "/vote", "", chloe.token())).getInt("votes"));

        // Bruno mentions Chloé; she hears of it in the app and by e-mail, in French.
        created(postJson("/api/v1/reports/" + report + "/comments", "{\"text\":\"@" + chloe.handle()
                + " tu habites en face, tu as vu depuis quand ?\"}", bruno.token()));
        JsonObject mention = awaitNotification(chloe, "comment.added", report);
        assertEquals("MENTIONED", mention.getString("reason"));
        MimeMessage mail = awaitMail(chloe);
        assertEquals(mention.getString("subject"), mail.getSubject(), "the e-mail says what the app says");
        assertEquals("fr", mail.getHeader("Content-Language", null));
        String body = GreenMailUtil.getBody(mail);
        assertTrue(body.contains("tu as vu depuis quand"), body);
        created(postJson("/api/v1/reports/" + report + "/comments",
                "{\"text\":\"Depuis lundi, et ça coule de plus en plus.\"}", chloe.token()));

        // An abusive comment is flagged and hidden: gone for the public, kept for staff.
        String abuse = created(postJson("/api/v1/reports/" + report + "/comments",
                "{\"text\":\"Whoever reported this is an idiot\"}", troll.token()));
        created(postJson("/api/v1/reports/" + report + "/comments/" + abuse + "/flags",
                "{\"reason\":\"abusive\",\"note\":\"insults the reporter\"}", alice.token()));
        assertTrue(queue(moderator).stream().anyMatch(f -> abuse.equals(f.getString("commentId", null))),
                "the flagged comment is in the moderators' queue");
        assertEquals(200, postJson("/api/v1/moderation/comments/" + abuse + "/hide",
                "{\"reason\":\"Insults another user\"}", moderator.token()).statusCode());
        assertFalse(commentIds(get("/api/v1/reports/" + report + "/comments")).contains(abuse));
        assertFalse(commentIds(get("/api/v1/reports/" + report + "/comments", troll.token())).contains(abuse));
        assertTrue(commentIds(get("/api/v1/reports/" + report + "/comments", moderator.token())).contains(abuse),
                "staff still see what was hidden");
        assertFalse(queue(moderator).stream().anyMatch(f -> abuse.equals(f.getString("commentId", null))),
                "hiding settles the flags");

        // Someone reports the same leak again; a moderator merges it into the first report.
        String duplicate = created(postJson("/api/v1/reports", report("Leak on the pavement", "water-leak",
                LAT + 0.0001, LON), erin.token()));
        json(postJson("/api/v1/reports/" + duplicate + "/vote", "", bruno.token()));
        json(postJson("/api/v1/reports/" + duplicate + "/vote", "", erin.token()));
        created(postJson("/api/v1/reports/" + duplicate + "/flags",
                "{\"reason\":\"duplicate\",\"duplicateOf\":\"" + report + "\"}", chloe.token()));
        HttpResponse<String> merged = postJson("/api/v1/moderation/reports/" + duplicate + "/merge",
                "{\"into\":\"" + report + "\",\"reason\":\"Same leak, reported twice\"}", moderator.token());
        assertEquals(200, merged.statusCode(), merged.body());
        HttpResponse<String> redirect = get("/api/v1/reports/" + duplicate);
        assertEquals(308, redirect.statusCode(), redirect.body());
        assertTrue(redirect.headers().firstValue("Location").orElse("").endsWith("/api/v1/reports/" + report));
        assertEquals(3, json(get("/api/v1/reports/" + report)).getInt("votes"),
                "the votes of both, Bruno's counted once");

        // The operator works the report; everyone following it hears of each step.
        changeStatus(report, "in_progress", "Crew booked for Tuesday", operator);
        changeStatus(report, "resolved", "Pipe replaced, pavement repaired", operator);
        for (Person follower : List.of(alice, bruno, chloe, erin)) {
            await(DELIVERY, () -> statusNotifications(follower, report) == 2,
                    () -> follower.name() + " heard of " + statusNotifications(follower, report) + " of the 2 changes");
        }
        assertEquals(0, statusNotifications(operator, report), "the operator is not told of their own changes");

        // The public history shows every step, with who, when and why.
        List<JsonObject> history = items(get("/api/v1/reports/" + report + "/history"));
        assertEquals(List.of("open", "in_progress", "resolved"), history.stream()
                .filter(h -> "status".equals(h.getString("kind"))).map(h -> h.getString("to"))
                .collect(Collectors.toList()));
        JsonObject resolved = history.get(history.size() - 1);
        assertEquals("Water Board", resolved.getString("actor"));
        assertEquals("Pipe replaced, pavement repaired", resolved.getString("reason"));
        assertFalse(resolved.getString("at").isEmpty());
        List<JsonObject> duplicateHistory = items(get("/api/v1/reports/" + duplicate + "/history"));
        JsonObject merge = duplicateHistory.get(duplicateHistory.size() - 1);
        assertEquals("merged", merge.getString("kind"));
        assertEquals("Same leak, reported twice", merge.getString("reason"));
        assertEquals("Mia Moderator", merge.getString("actor"));
    }

    private static String created(HttpResponse<String> response) {
        assertEquals(201, response.statusCode(), response.body());
        return json(response).getString("id");
    }

    private static void changeStatus(String report, String status, String reason, Person operator) {
        HttpResponse<String> changed = postJson("/api/v1/reports/" + report + "/status",
                "{\"status\":\"" + status + "\",\"reason\":\"" + reason + "\"}", operator.token());
        assertEquals(200, changed.statusCode(), changed.body());
    }

    private static List<JsonObject> items(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return json(response).getJsonArray("items").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toList());
    }

    private static List<String> commentIds(HttpResponse<String> response) {
        return items(response).stream().map(c -> c.getString("id")).collect(Collectors.toList());
    }

    private static List<JsonObject> queue(Person moderator) {
        return items(get("/api/v1/moderation/flags?limit=100", moderator.token()));
    }

    private static long statusNotifications(Person person, String report) {
        return FollowingAndNotificationsIT.notifications(person).stream()
                .filter(n -> n.getString("type").equals("report.status_changed") && n.getString("reportId").equals(report))
                .count();
    }

    private static MimeMessage awaitMail(Person to) {
        await(DELIVERY, () -> mailTo(to) != null, () -> "no e-mail reached " + to.email() + "; the server holds "
                + smtp.getReceivedMessages().length + " message(s)");
        return mailTo(to);
    }

    private static MimeMessage mailTo(Person to) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> addressedTo(m, to.email())).findFirst()
                .orElse(null);
    }

    private static boolean addressedTo(MimeMessage message, String email) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(email));
        } catch (MessagingException e) {
            return false;
        }
    }
}
