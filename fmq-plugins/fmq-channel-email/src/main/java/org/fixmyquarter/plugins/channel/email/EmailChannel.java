package org.fixmyquarter.plugins.channel.email;

import java.io.UnsupportedEncodingException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.fixmyquarter.spi.PluginConfig;
import org.fixmyquarter.spi.PluginDescriptor;
import org.fixmyquarter.spi.PluginException;
import org.fixmyquarter.spi.SpiVersion;
import org.fixmyquarter.spi.event.ReportCommented;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.fixmyquarter.spi.notification.AccountMessage;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.NotificationChannel;
import org.fixmyquarter.spi.notification.Recipient;

/**
 * The built-in e-mail channel (plugin id {@value #ID}): a {@linkplain #personal() personal}
 * channel that sends each person an event concerns one plain-text mail over SMTP, in their
 * language, with a greeting, the server's notification, why they get it, a link to the report
 * (with {@code base-url}) and how to stop these mails.
 *
 * <p>A person without an e-mail address is skipped. Every mail of one event to one person has the
 * same {@code Message-ID}, so a mail sent again after a retry is recognisably the same. A refusal
 * of the SMTP server with a {@code 5xx} reply is not retried; a {@code 4xx} reply, a refused
 * connection or a timeout is.
 *
 * <p>The server switches it off unless {@code fmq.plugin.email.enabled=true}; its settings are
 * listed in {@code docs/configuration.md}. Thread-safe: each delivery opens its own connection.
 */
public final class EmailChannel implements NotificationChannel {

    /** The channel's plugin id, also the prefix of its settings: {@code fmq.plugin.email.*}. */
    public static final String ID = "email";

    private static final Logger LOG = System.getLogger(EmailChannel.class.getName());

    private final PluginDescriptor descriptor = new PluginDescriptor(ID,
            PluginDescriptor.implementationVersion(EmailChannel.class), SpiVersion.VERSION);

    private volatile EmailSettings settings;
    private volatile Session session;

    /**
     * Creates the channel; {@link #init(PluginConfig)} gives it its SMTP server. Called by
     * {@link java.util.ServiceLoader}.
     */
    public EmailChannel() {
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    /**
     * Reads and checks the settings; nothing is sent and no connection is made yet, so a server
     * without a reachable SMTP server still starts.
     *
     * @param config the settings {@code fmq.plugin.email.*}
     * @throws PluginException naming the setting that is missing or wrong
     */
    @Override
    public void init(PluginConfig config) throws PluginException {
        EmailSettings read = EmailSettings.read(config);
        session = withPluginClassLoader(() -> Session.getInstance(read.sessionProperties()));
        settings = read;
        LOG.log(Level.INFO, () -> "E-mail channel ready: " + read);
    }

    /**
     * @return 0, as every built-in plugin
     */
    @Override
    public int order() {
        return 0;
    }

    /**
     * @return {@code true}: one mail per person concerned
     */
    @Override
    public boolean personal() {
        return true;
    }

    /**
     * The events a person is told about, the same as on the site's in-app inbox: a new report (in
     * an area they follow), a status change and a comment or official reply.
     */
    @Override
    public boolean accepts(String eventType) {
        return ReportCreated.TYPE.equals(eventType) || ReportStatusChanged.TYPE.equals(eventType)
                || ReportCommented.TYPE.equals(eventType);
    }

    @Override
    public void deliver(Notification notification) throws PluginException {
        Recipient recipient = notification.recipient();
        if (recipient == null) {
            throw new PluginException("the e-mail channel writes to the people an event concerns and was given nobody",
                    false, null);
        }
        if (recipient.email() == null || recipient.email().isBlank()) {
            LOG.log(Level.DEBUG, () -> "No e-mail for account " + recipient.accountId() + ": it has no address");
            return;
        }
        EmailSettings current = initialised();
        String language = EmailTemplates.language(recipient.locale());
        String link = current.baseUrl() == null ? null : current.baseUrl() + "/reports/"
                + URLEncoder.encode(notification.event().report().id(), StandardCharsets.UTF_8);
        mail(current, notification.event().eventId(), recipient.accountId(), recipient.email(), recipient.displayName(),
                notification.subject(), EmailTemplates.body(notification, language, link), language);
    }

    /**
     * @return {@code true}: the person's mailbox is where they prove the address is theirs
     */
    @Override
    public boolean sendsAccountMessages() {
        return true;
    }

    /**
     * Mails a message about the person's own account: greeting, the server's text, the link
     * ({@code base-url} and the message's path) and a line saying it is about their account. The
     * message holds a token: it is written to no log, failures name the account only.
     */
    @Override
    public void deliver(AccountMessage message) throws PluginException {
        EmailSettings current = initialised();
        String language = EmailTemplates.language(message.locale());
        String link = current.baseUrl() == null || message.path() == null ? null : current.baseUrl() + message.path();
        mail(current, message.id(), message.accountId(), message.email(), message.displayName(), message.subject(),
                EmailTemplates.body(message, language, link), language);
    }

    private EmailSettings initialised() throws PluginException {
        EmailSettings current = settings;
        if (current == null || session == null) {
            throw new PluginException("the e-mail channel was not initialised", false, null);
        }
        return current;
    }

    /**
     * Writes the mail and sends it: sender, recipient with their name, subject, body, and the
     * headers that say it is automatic, in which language, and which event and person it is for.
     */
    private void mail(EmailSettings settings, String eventId, String accountId, String email, String name,
                      String subject, String body, String language) throws PluginException {
        Session mailSession = session;
        withPluginClassLoader(() -> {
            MimeMessage message;
            try {
                message = new StableIdMessage(mailSession, messageId(eventId, accountId, settings.fromDomain()));
                message.setFrom(settings.from());
                InternetAddress to = new InternetAddress(email.trim(), name, StandardCharsets.UTF_8.name());
                to.validate();
                message.setRecipient(Message.RecipientType.TO, to);
                message.setSubject(subject, StandardCharsets.UTF_8.name());
                message.setText(body, StandardCharsets.UTF_8.name());
                message.setSentDate(new Date());
                message.setHeader("Auto-Submitted", "auto-generated");
                message.setHeader("Content-Language", language);
                message.saveChanges();
            } catch (AddressException e) {
                throw new PluginException("the e-mail address of account " + accountId + " is not valid: "
                        + e.getMessage(), false, e);
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException("UTF-8 is always supported", e);
            } catch (MessagingException e) {
                throw new PluginException("could not write the mail to " + email + ": " + e.getMessage(), false, e);
            }
            try {
                send(message, settings, mailSession);
            } catch (MessagingException e) {
                throw SmtpFailures.classify(e, email);
            }
            return null;
        });
    }

    private static void send(MimeMessage message, EmailSettings settings, Session session)
            throws MessagingException {
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    /**
     * The {@code Message-ID} of the mail about one event to one person: the same on every attempt.
     * Characters other than letters, digits, {@code -} and {@code _} are written as {@code =XX}
     * (their UTF-8 bytes), so that the two ids stay apart and the header stays valid.
     *
     * @param eventId   the event's id
     * @param accountId the person's account id
     * @param domain    the sender's domain
     * @return the header's value, in angle brackets
     */
    static String messageId(String eventId, String accountId, String domain) {
        return "<fmq." + idPart(eventId) + "." + idPart(accountId) + "@" + domain + ">";
    }

    private static String idPart(String value) {
        StringBuilder part = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                part.append(c);
            } else {
                part.append('=').append(String.format("%02X", b & 0xff));
            }
        }
        return part.toString();
    }

    /**
     * Jakarta Mail finds its SMTP provider and its content handlers through the thread's context
     * class loader; in the server that is the application's, which does not see a plugin loaded
     * from the {@code plugins/} folder. Run with this plugin's own loader instead.
     */
    private static <T, E extends Exception> T withPluginClassLoader(Action<T, E> action) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EmailChannel.class.getClassLoader());
        try {
            return action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Work run with the plugin's class loader. */
    @FunctionalInterface
    private interface Action<T, E extends Exception> {
        T run() throws E;
    }

    /** A message whose {@code Message-ID} is ours, not one Jakarta Mail makes up when it is saved. */
    private static final class StableIdMessage extends MimeMessage {
        private final String messageId;

        StableIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
