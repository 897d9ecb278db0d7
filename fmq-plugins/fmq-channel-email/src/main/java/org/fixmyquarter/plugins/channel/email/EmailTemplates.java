package org.fixmyquarter.plugins.channel.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.fixmyquarter.spi.notification.AccountMessage;
import org.fixmyquarter.spi.notification.Notification;
import org.fixmyquarter.spi.notification.Recipient;

/**
 * The words around the server's notification in an e-mail, in six languages: a greeting, why the
 * person gets the mail, the link to the report, how to stop these mails. They live in
 * {@code email_<language>.properties} beside this class (UTF-8; {@code {name}} and {@code {link}}
 * are replaced, nothing else is interpreted).
 */
final class EmailTemplates {

    /** The languages the mails are written in, English first: the fallback. */
    static final List<String> LANGUAGES = List.of("en", "fr", "es", "de", "ar", "pt");

    /** The key of the line for a reason this version does not know. */
    static final String OTHER_REASON = "reason.other";

    private static final Map<String, Properties> TEXTS = load();

    private EmailTemplates() {
    }

    /**
     * @param locale a person's language
     * @return the language of the mail: the person's if one of {@link #LANGUAGES}, else English
     */
    static String language(Locale locale) {
        String language = locale == null ? "" : locale.getLanguage();
        return LANGUAGES.contains(language) ? language : LANGUAGES.get(0);
    }

    /**
     * @param language one of {@link #LANGUAGES}
     * @return that language's templates, for the test that compares them
     */
    static Properties texts(String language) {
        Properties texts = TEXTS.get(language);
        if (texts == null) {
            throw new IllegalArgumentException("No e-mail templates in '" + language + "'");
        }
        return texts;
    }

    /**
     * Writes the body of the mail to one person.
     *
     * @param notification what the server wrote, with a recipient
     * @param language     the language of the frame, from {@link #language(Locale)}
     * @param link         the report's address, or {@code null}
     * @return the plain-text body
     */
    static String body(Notification notification, String language, String link) {
        Recipient recipient = notification.recipient();
        Properties texts = texts(language);
        StringBuilder body = new StringBuilder();
        body.append(texts.getProperty("greeting").replace("{name}", recipient.displayName())).append("\n\n");
        body.append(notification.text().strip()).append("\n\n");
        if (link != null) {
            body.append(texts.getProperty("link").replace("{link}", link)).append("\n\n");
        }
        // "-- " on a line of its own: mail programs show what follows as the signature.
        body.append("-- \n");
        body.append(texts.getProperty("reason." + recipient.reason().name(), texts.getProperty(OTHER_REASON)))
                .append('\n');
        body.append(texts.getProperty("footer")).append('\n');
        return body.toString();
    }

    /**
     * Writes the body of a mail about the person's own account.
     *
     * @param message  what the server wrote
     * @param language the language of the frame, from {@link #language(Locale)}
     * @param link     where the person acts on it, or {@code null}
     * @return the plain-text body
     */
    static String body(AccountMessage message, String language, String link) {
        Properties texts = texts(language);
        StringBuilder body = new StringBuilder();
        body.append(texts.getProperty("greeting").replace("{name}", message.displayName())).append("\n\n");
        body.append(message.text().strip()).append("\n\n");
        if (link != null) {
            body.append(texts.getProperty("account.link").replace("{link}", link)).append("\n\n");
        }
        body.append("-- \n");
        body.append(texts.getProperty("account.footer")).append('\n');
        return body.toString();
    }

    private static Map<String, Properties> load() {
        Map<String, Properties> texts = new LinkedHashMap<>();
        for (String language : LANGUAGES) {
            String name = "email_" + language + ".properties";
            try (InputStream in = EmailTemplates.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("The e-mail templates " + name + " are missing from the plugin jar");
                }
                Properties properties = new Properties();
                try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
                texts.put(language, properties);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the e-mail templates " + name, e);
            }
        }
        return Map.copyOf(texts);
    }
}
