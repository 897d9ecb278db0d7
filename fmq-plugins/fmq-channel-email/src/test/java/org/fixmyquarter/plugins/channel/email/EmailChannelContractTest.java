package org.fixmyquarter.plugins.channel.email;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.notification.AccountMessage;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.tck.NotificationChannelContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.junit5.GreenMailExtension;

/**
 * Runs the SPI test kit against the e-mail channel, sending to a real SMTP server (GreenMail on a
 * free port): every sample the kit delivers must arrive as a mail.
 *
 * <p>The channel keeps no memory of what it sent (a server may run several copies of it), so a
 * redelivery reaches the mailbox again; it relies on the stable {@code Message-ID} (event id and
 * account id) for mail programs to show it once. The kit's duplicate check is given the mails to
 * the recipient with the notification's subject, and checks that they share one Message-ID.
 */
class EmailChannelContractTest extends NotificationChannelContract<EmailChannel> {

    @RegisterExtension
    static final GreenMailExtension SMTP = TestMail.server();

    @Override
    protected EmailChannel createPlugin() {
        return new EmailChannel();
    }

    @Override
    protected PluginConfig config() {
        return TestMail.config(SMTP);
    }

    @Override
    protected void assertDelivered(Notification notification) {
        String expected = EmailChannel.messageId(notification.event().eventId(), notification.recipient().accountId(),
                TestMail.FROM_DOMAIN);
        assertTrue(Arrays.stream(SMTP.getReceivedMessages()).anyMatch(m -> expected.equals(TestMail.header(m,
                "Message-ID"))), () -> "no mail with Message-ID " + expected + " arrived");
    }

    @Override
    protected int deliveredCount(Notification notification) {
        return copies(notification).size();
    }

    @Override
    protected List<String> deliveredMessageIds(Notification notification) {
        return copies(notification).stream().map(m -> TestMail.header(m, "Message-ID")).toList();
    }

    /** The mails to the notification's recipient with its subject, whatever their Message-ID. */
    private static List<MimeMessage> copies(Notification notification) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return notification.subject().equals(m.getSubject()) && Arrays.stream(m.getAllRecipients())
                        .anyMatch(to -> to.toString().contains(notification.recipient().email()));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Override
    protected void assertAccountMessageDelivered(AccountMessage message) {
        String expected = EmailChannel.messageId(message.id(), message.accountId(), TestMail.FROM_DOMAIN);
        assertTrue(Arrays.stream(SMTP.getReceivedMessages()).anyMatch(m -> expected.equals(TestMail.header(m,
                "Message-ID"))), () -> "no mail with Message-ID " + expected + " arrived");
    }
}
