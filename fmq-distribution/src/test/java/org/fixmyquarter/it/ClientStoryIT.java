package org.fixmyquarter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.fixmyquarter.client.ApiClient;
import org.fixmyquarter.client.ApiException;
import org.fixmyquarter.client.api.AccountsApi;
import org.fixmyquarter.client.api.AdministrationApi;
import org.fixmyquarter.client.api.CommentsApi;
import org.fixmyquarter.client.api.NotificationsApi;
import org.fixmyquarter.client.api.ReportsApi;
import org.fixmyquarter.client.model.AccountWithRoles;
import org.fixmyquarter.client.model.Credentials;
import org.fixmyquarter.client.model.History;
import org.fixmyquarter.client.model.HistoryEntry;
import org.fixmyquarter.client.model.NewComment;
import org.fixmyquarter.client.model.NewLocation;
import org.fixmyquarter.client.model.NewReport;
import org.fixmyquarter.client.model.NewRoleGrant;
import org.fixmyquarter.client.model.Registration;
import org.fixmyquarter.client.model.Report;
import org.fixmyquarter.client.model.ReportStatus;
import org.fixmyquarter.client.model.Role;
import org.fixmyquarter.client.model.StatusChangeRequest;
import org.fixmyquarter.it.support.Api;
import org.junit.jupiter.api.Test;

/**
 * A full story through the Java client the build generates from the OpenAPI document
 * (openapi-generator, {@code org.fixmyquarter.client}), with no hand-written HTTP: register, sign
 * in, report, vote, comment with a mention, follow, list nearby, an operator's status change, and
 * the history. It compiles only if the document types every body it uses, and passes only if the
 * server answers what the document says.
 */
class ClientStoryIT {

    private static final String PASSWORD = "a long enough password";
    private static final double LAT = 45.7712;
    private static final double LON = 4.8291;

    /** A client of the server under test, signed in with the token when one is given. */
    private static ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(Api.BASE_URL);
        client.setReadTimeout(Duration.ofSeconds(30));
        // The test servers trust this machine as a proxy: each person comes from an address of their own.
        String address = "10.88." + (int) (Math.random() * 256) + "." + (int) (Math.random() * 256);
        client.setRequestInterceptor(request -> {
            request.header("X-Forwarded-For", address);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
        });
        return client;
    }

    private static AccountWithRoles register(String name, String handle) throws ApiException {
        return new AccountsApi(client(null)).register(new Registration().email(handle + "@example.org")
                .password(PASSWORD).displayName(name).handle(handle).preferredLanguage("en"));
    }

    private static String signIn(String email, String password) throws ApiException {
        return new AccountsApi(client(null)).signIn(new Credentials().email(email).password(password)).getAccessToken();
    }

    @Test
    void aCitizenReportsNeighboursSupportItAndAnOperatorMovesIt() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8).replace("-", "");
        assertEquals("Ana", register("Ana", "ana_" + suffix).getDisplayName());
        register("Bruno", "bruno_" + suffix);
        AccountWithRoles olga = register("Olga", "olga_" + suffix);
        String anaToken = signIn("ana_" + suffix + "@example.org", PASSWORD);
        String brunoToken = signIn("bruno_" + suffix + "@example.org", PASSWORD);

        String admin = signIn(System.getProperty("fmq.it.admin-email", "admin@it.example"),
                System.getProperty("fmq.it.admin-password", "it-admin-password"));
        new AdministrationApi(client(admin)).grantRole(olga.getId(), new NewRoleGrant().role(Role.OPERATOR));
        String olgaToken = signIn("olga_" + suffix + "@example.org", PASSWORD);

        Report report = new ReportsApi(client(anaToken)).createReport(new NewReport()
                .title("Broken kerb " + suffix).description("Wheelchairs cannot get past").category("road")
                .location(new NewLocation().lat(BigDecimal.valueOf(LAT)).lon(BigDecimal.valueOf(LON))),
                UUID.randomUUID().toString());
        assertEquals("Ana", report.getAuthor());
        assertEquals(ReportStatus.OPEN, report.getStatus());

        assertEquals(1, new ReportsApi(client(brunoToken)).voteForReport(report.getId()).getVotes());
        new CommentsApi(client(brunoToken)).addComment(report.getId(),
                new NewComment().text("Same here, @ana_" + suffix + ", it is worse after the rain"));
        assertTrue(new ReportsApi(client(brunoToken)).followReport(report.getId()).getFollowing());

        List<Report> nearby = new ReportsApi(client(null)).listReports(null, null, null, null, null, null, null, null,
                100, LAT + "," + LON, null, "200m", "nearest", "open", null, null).getItems();
        assertTrue(nearby.stream().anyMatch(r -> r.getId().equals(report.getId())), "the report is listed nearby");

        Report moved = new ReportsApi(client(olgaToken)).changeReportStatus(report.getId(),
                new StatusChangeRequest().status(ReportStatus.IN_PROGRESS).reason("Crew booked for Monday"));
        assertEquals(ReportStatus.IN_PROGRESS, moved.getStatus());

        History history = new ReportsApi(client(null)).getReportHistory(report.getId());
        List<HistoryEntry> entries = history.getItems();
        assertEquals(ReportStatus.IN_PROGRESS, entries.get(entries.size() - 1).getTo());
        assertEquals("Crew booked for Monday", entries.get(entries.size() - 1).getReason());

        // The mention reaches Ana's inbox, delivered after the response by the outbox.
        NotificationsApi inbox = new NotificationsApi(client(anaToken));
        Api.await(Duration.ofSeconds(30), () -> {
            try {
                return inbox.listNotifications(null, 50, null).getItems().stream()
                        .anyMatch(n -> report.getId().equals(n.getReportId()));
            } catch (ApiException e) {
                throw new IllegalStateException(e);
            }
        }, () -> "Ana's mention notification");
    }
}
