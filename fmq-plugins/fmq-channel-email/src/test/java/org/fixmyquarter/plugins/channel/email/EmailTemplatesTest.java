package org.fixmyquarter.plugins.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fixmyquarter.spi.notification.Recipient;
import org.junit.jupiter.api.Test;

/**
 * The six languages of the mails: each has every key English has, none more, none blank, with the
 * same placeholders; and every reason a person can be told about has its line.
 */
class EmailTemplatesTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z]+}");

    @Test
    void everyLanguageHasEveryKeyWithTheSamePlaceholders() {
        Properties english = EmailTemplates.texts("en");
        assertEquals(6, EmailTemplates.LANGUAGES.size());
        for (String language : EmailTemplates.LANGUAGES) {
            Properties texts = EmailTemplates.texts(language);
            assertEquals(english.stringPropertyNames(), texts.stringPropertyNames(), language);
            for (String key : english.stringPropertyNames()) {
                String text = texts.getProperty(key);
                assertFalse(text.isBlank(), language + " " + key);
                assertEquals(placeholders(english.getProperty(key)), placeholders(text), language + " " + key);
            }
        }
    }

    @Test
    void everyReasonHasItsLine() {
        Properties english = EmailTemplates.texts("en");
        for (Recipient.Reason reason : Recipient.Reason.values()) {
            assertTrue(english.containsKey("reason." + reason.name()), reason.name());
        }
        assertTrue(english.containsKey(EmailTemplates.OTHER_REASON));
    }

    @Test
    void theLanguageIsThePersonsOrEnglish() {
        assertEquals("fr", EmailTemplates.language(Locale.CANADA_FRENCH));
        assertEquals("pt", EmailTemplates.language(Locale.forLanguageTag("pt-BR")));
        assertEquals("en", EmailTemplates.language(Locale.JAPANESE));
        assertEquals("en", EmailTemplates.language(null));
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }
}
