package org.fixmyquarter.plugins.channel.email;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.notification.AccountMessage;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.tck.NotificationChannelContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.junit5.GreenMailExtension;

/**
 * Runs the SPI test kit against the e-mail channel, sending to a real SMTP server (GreenMail on a
 * free port): every sample the kit delivers must arrive as a mail.
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
    protected void assertAccountMessageDelivered(AccountMessage message) {
        String expected = EmailChannel.messageId(message.id(), message.accountId(), TestMail.FROM_DOMAIN);
        assertTrue(Arrays.stream(SMTP.getReceivedMessages()).anyMatch(m -> expected.equals(TestMail.header(m,
                "Message-ID"))), () -> "no mail with Message-ID " + expected + " arrived");
    }
}
