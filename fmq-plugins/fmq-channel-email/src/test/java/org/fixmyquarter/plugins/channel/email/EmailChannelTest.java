package org.fixmyquarter.plugins.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Locale;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.event.ReportCommented;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportEvent;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.fixmyquarter.spi.notification.AccountMessage;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.Recipient;
import org.fixmyquarter.spi.tck.SampleEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;

/**
 * What a person notices of the e-mail channel, checked on mails received by a real SMTP server
 * (GreenMail): language, greeting, reason, link, headers; and what the server's dispatcher sees
 * when the SMTP server is away or refuses.
 */
class EmailChannelTest {

    private static final String BASE_URL = "https://fixmyquarter.example/";

    @RegisterExtension
    static final GreenMailExtension SMTP = TestMail.server()
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay", "s3cret"));

    private final EmailChannel channel = new EmailChannel();

    @AfterEach
    void close() {
        channel.close();
    }

    private EmailChannel started(PluginConfig config) throws PluginException {
        channel.init(config);
        return channel;
    }

    private static Notification frenchStatusChange(Recipient recipient) {
        return new Notification(SampleEvents.reportStatusChanged(), Locale.FRENCH,
                "Nouveau statut du signalement « Nid-de-poule » : en cours",
                "Service de la voirie a fait passer le signalement « Nid-de-poule » au statut « en cours ».\n"
                        + "Motif : Une équipe passe lundi.", recipient);
    }

    private static Recipient recipient(String email, Locale locale, Recipient.Reason reason) {
        return new Recipient("acc-0001-camille", "Camille Dupré", email, locale, reason);
    }

    private static Notification english(ReportEvent event, Recipient recipient) {
        Notification sample = SampleEvents.notification(event);
        return new Notification(event, Locale.ENGLISH, sample.subject(), sample.text(), recipient);
    }

    private static MimeMessage onlyMail() {
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertEquals(1, received.length, "mails received");
        return received[0];
    }

    private static String body(MimeMessage mail) throws IOException, MessagingException {
        return ((String) mail.getContent()).replace("\r\n", "\n");
    }

    @Test
    void anAccountMessageGoesToItsAddressWithItsLinkAndNoUnsubscribeFooter() throws Exception {
        AccountMessage message = new AccountMessage("evt-42", AccountMessage.Purpose.RESET_PASSWORD, "acc-0001-camille",
                "Camille Dupré", "camille@example.org", Locale.FRENCH, "Choisissez un nouveau mot de passe",
                "Pour le choisir, ouvrez le lien ci-dessous, ou saisissez ce code :\nT0K3N", "/account/reset-password"
                + "#token=T0K3N");
        assertTrue(channel.sendsAccountMessages());
        started(TestMail.config(SMTP, "base-url", BASE_URL)).deliver(message);

        MimeMessage mail = onlyMail();
        assertEquals("camille@example.org", ((InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0])
                .getAddress());
        assertEquals("Choisissez un nouveau mot de passe", mail.getSubject());
        String body = body(mail);
        assertTrue(body.startsWith("Bonjour Camille Dupré,\n\nPour le choisir"), body);
        assertTrue(body.contains("Ouvrez ce lien : https://fixmyquarter.example/account/reset-password#token=T0K3N"),
                body);
        assertTrue(body.contains("concerne votre propre compte"), body);
        assertFalse(body.contains("suivre"), "nothing to unfollow: " + body);
        assertFalse(message.toString().contains("T0K3N"), "the token stays out of logs");
    }

    @Test
    void aFrenchRecipientGetsTheMailInFrenchWithReasonLinkAndFooter() throws Exception {
        Notification notification = frenchStatusChange(recipient("camille@example.org", Locale.FRANCE,
                Recipient.Reason.FOLLOWING_REPORT));
        started(TestMail.config(SMTP, "base-url", BASE_URL)).deliver(notification);

        MimeMessage mail = onlyMail();
        assertEquals(notification.subject(), mail.getSubject());
        InternetAddress to = (InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0];
        assertEquals("camille@example.org", to.getAddress());
        assertEquals("Camille Dupré", to.getPersonal());
        assertEquals(TestMail.FROM, ((InternetAddress) mail.getFrom()[0]).getAddress());
        String body = body(mail);
        assertTrue(body.startsWith("Bonjour Camille Dupré,\n\n" + notification.text() + "\n"), body);
        assertTrue(body.contains("Voir le signalement : https://fixmyquarter.example/reports/"
                + SampleEvents.REPORT_ID + "\n"), body);
        assertTrue(body.contains("Vous recevez cet e-mail parce que vous suivez ce signalement."), body);
        assertTrue(body.contains("Pour ne plus recevoir ces e-mails, cessez de suivre le signalement"), body);
    }

    @Test
    void theHeadersSayWhatTheMailIs() throws Exception {
        started(TestMail.config(SMTP)).deliver(frenchStatusChange(recipient("camille@example.org", Locale.FRENCH,
                Recipient.Reason.FOLLOWING_REPORT)));

        MimeMessage mail = onlyMail();
        assertEquals("<fmq.evt-0002-report-status-changed.acc-0001-camille@fixmyquarter.test>",
                TestMail.header(mail, "Message-ID"));
        assertEquals("auto-generated", TestMail.header(mail, "Auto-Submitted"));
        assertEquals("fr", TestMail.header(mail, "Content-Language"));
        assertTrue(mail.getContentType().toLowerCase(Locale.ROOT).contains("charset=utf-8"), mail.getContentType());
        assertTrue(mail.isMimeType("text/plain"), mail.getContentType());
    }

    @Test
    void theSameEventToTheSamePersonHasTheSameMessageIdOnEveryAttempt() throws Exception {
        started(TestMail.config(SMTP));
        Notification toCamille = english(SampleEvents.reportCommented(), recipient("camille@example.org",
                Locale.ENGLISH, Recipient.Reason.FOLLOWING_REPORT));
        Notification toSam = english(SampleEvents.reportCommented(), new Recipient("acc-0002-sam", "Sam",
                "sam@example.org", Locale.ENGLISH, Recipient.Reason.FOLLOWING_AREA));
        channel.deliver(toCamille);
        channel.deliver(toCamille);
        channel.deliver(toSam);

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertEquals(3, received.length);
        assertEquals(TestMail.header(received[0], "Message-ID"), TestMail.header(received[1], "Message-ID"));
        assertNotEquals(TestMail.header(received[0], "Message-ID"), TestMail.header(received[2], "Message-ID"));
    }

    @Test
    void eachReasonIsExplainedAndThereIsNoLinkWithoutBaseUrl() throws Exception {
        started(TestMail.config(SMTP));
        channel.deliver(english(SampleEvents.reportCommented(), recipient("a@example.org", Locale.ENGLISH,
                Recipient.Reason.MENTIONED)));
        channel.deliver(english(SampleEvents.reportCreated(), recipient("b@example.org", Locale.ENGLISH,
                Recipient.Reason.FOLLOWING_AREA)));
        channel.deliver(english(SampleEvents.reportStatusChanged(), recipient("c@example.org", Locale.ENGLISH,
                Recipient.Reason.FOLLOWING_REPORT)));

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertEquals(3, received.length);
        String mentioned = body(received[0]);
        assertTrue(mentioned.startsWith("Hello Camille Dupré,"), mentioned);
        assertTrue(mentioned.contains("because someone mentioned you in a comment."), mentioned);
        assertTrue(body(received[1]).contains("because you follow the area this report is in."), body(received[1]));
        assertTrue(body(received[2]).contains("because you follow this report."), body(received[2]));
        for (MimeMessage mail : received) {
            assertFalse(body(mail).contains("/reports/"), body(mail));
            assertTrue(body(mail).contains("To stop these e-mails, unfollow the report or the area"), body(mail));
        }
    }

    @Test
    void arabicArrivesIntactAndAnUnknownLanguageFallsBackToEnglish() throws Exception {
        started(TestMail.config(SMTP));
        Notification arabic = new Notification(SampleEvents.reportCreated(), new Locale("ar"),
                "بلاغ جديد: حفرة عميقة", "تم الإبلاغ عن مشكلة جديدة.", new Recipient("acc-0003", "ليلى",
                        "layla@example.org", new Locale("ar"), Recipient.Reason.FOLLOWING_AREA));
        channel.deliver(arabic);
        channel.deliver(english(SampleEvents.reportCreated(), recipient("it@example.org", Locale.ITALIAN,
                Recipient.Reason.FOLLOWING_AREA)));

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertEquals(arabic.subject(), received[0].getSubject());
        assertTrue(body(received[0]).startsWith("مرحبًا ليلى،\n\nتم الإبلاغ عن مشكلة جديدة."), body(received[0]));
        assertEquals("ar", TestMail.header(received[0], "Content-Language"));
        assertTrue(body(received[1]).startsWith("Hello Camille Dupré,"), body(received[1]));
        assertEquals("en", TestMail.header(received[1], "Content-Language"));
    }

    @Test
    void aPersonWithoutAnEmailAddressIsSkipped() throws Exception {
        started(TestMail.config(SMTP));
        channel.deliver(frenchStatusChange(recipient(null, Locale.FRENCH, Recipient.Reason.FOLLOWING_REPORT)));
        channel.deliver(frenchStatusChange(recipient("  ", Locale.FRENCH, Recipient.Reason.FOLLOWING_REPORT)));

        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void everyAcceptedEventTypeIsMailedAndOthersAreNot() throws Exception {
        started(TestMail.config(SMTP));
        assertTrue(channel.personal());
        for (String type : new String[] {ReportCreated.TYPE, ReportStatusChanged.TYPE, ReportCommented.TYPE}) {
            assertTrue(channel.accepts(type), type);
        }
        assertFalse(channel.accepts("report.merged"));
    }

    @Test
    void theSmtpLoginIsUsedWhenSet() throws Exception {
        started(TestMail.config(SMTP, "smtp.username", "relay", "smtp.password", "s3cret"))
                .deliver(frenchStatusChange(recipient("camille@example.org", Locale.FRENCH,
                        Recipient.Reason.FOLLOWING_REPORT)));

        assertEquals(1, SMTP.getReceivedMessages().length);
    }

    @Test
    void aRefusedLoginIsRetriedSoNoMailIsLostWhileTheAdministratorFixesIt() throws Exception {
        started(TestMail.config(SMTP, "smtp.username", "relay", "smtp.password", "wrong"));
        PluginException refused = assertThrows(PluginException.class, () -> channel.deliver(frenchStatusChange(
                recipient("camille@example.org", Locale.FRENCH, Recipient.Reason.FOLLOWING_REPORT))));

        assertTrue(refused.isRetryable(), refused.getMessage());
        assertTrue(refused.getMessage().contains("login"), refused.getMessage());
        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void anSmtpServerThatIsDownIsARetryableFailure() throws Exception {
        started(TestMail.config(TestMail.closedPort()));
        PluginException failure = assertThrows(PluginException.class, () -> channel.deliver(frenchStatusChange(
                recipient("camille@example.org", Locale.FRENCH, Recipient.Reason.FOLLOWING_REPORT))));

        assertTrue(failure.isRetryable(), failure.getMessage());
        assertTrue(failure.getMessage().contains("could not reach the SMTP server"), failure.getMessage());
    }

    /** Sends a mail to a server that answers the recipient with {@code rcptReply}; returns the failure. */
    private PluginException refusedBy(String rcptReply, String to) throws Exception {
        try (RefusingSmtpServer server = new RefusingSmtpServer(rcptReply)) {
            started(TestMail.config(server.port()));
            return assertThrows(PluginException.class, () -> channel.deliver(frenchStatusChange(
                    recipient(to, Locale.FRENCH, Recipient.Reason.FOLLOWING_REPORT))));
        }
    }

    @Test
    void anUnknownMailboxIsAPermanentFailure() throws Exception {
        PluginException failure = refusedBy("550 5.1.1 <nobody@example.org>: no such mailbox", "nobody@example.org");

        assertFalse(failure.isRetryable(), failure.getMessage());
        assertTrue(failure.getMessage().contains("550"), failure.getMessage());
        assertTrue(failure.getMessage().contains("nobody@example.org"), failure.getMessage());
    }

    @Test
    void aBusyMailboxIsRetried() throws Exception {
        PluginException failure = refusedBy("451 4.3.0 mailbox busy, try again later", "camille@example.org");

        assertTrue(failure.isRetryable(), failure.getMessage());
        assertTrue(failure.getMessage().contains("451"), failure.getMessage());
    }

    @Test
    void anInvalidAddressIsNotRetried() throws Exception {
        started(TestMail.config(SMTP));
        PluginException failure = assertThrows(PluginException.class, () -> channel.deliver(frenchStatusChange(
                recipient("not an address", Locale.FRENCH, Recipient.Reason.FOLLOWING_REPORT))));

        assertFalse(failure.isRetryable(), failure.getMessage());
        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void messageIdsKeepOddCharactersApart() {
        assertEquals("<fmq.e=2E1.a=40b=C3=A9@x.test>", EmailChannel.messageId("e.1", "a@bé", "x.test"));
        assertNotEquals(EmailChannel.messageId("a.b", "c", "x"), EmailChannel.messageId("a", "b.c", "x"));
    }
}
