package org.fixmyquarter.spi.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.fixmyquarter.spi.Plugin;

/**
 * Translations for one locale: problem messages, category names, notification texts and the web
 * page's labels.
 *
 * <p>Keys are dotted names such as {@code problem.validation.title} or {@code category.pothole};
 * values are {@link java.text.MessageFormat} patterns whose {@code {0}}, {@code {1}}... are the same
 * as in the English pack. A key a pack does not have falls back to the next locale in line
 * ({@code fr-CA}, then {@code fr}, then the deployment's default language, then English), never to
 * the raw key. When two packs translate one key for one locale, the higher {@link #order()} wins,
 * so a city can reword a single message.
 */
public interface LanguagePack extends Plugin {

    /**
     * @return the locale translated, for example {@code Locale.forLanguageTag("pt")}
     */
    Locale locale();

    /**
     * @return the translations, key to pattern; immutable
     */
    Map<String, String> messages();

    /**
     * Whether text in this language runs right to left, so that the web page and HTML
     * notifications set {@code dir="rtl"}.
     *
     * @return by default, true for Arabic, Hebrew, Persian, Urdu, Yiddish, Pashto, Sindhi, Uyghur
     *         and Dhivehi
     */
    default boolean rightToLeft() {
        return RightToLeft.LANGUAGES.contains(locale().getLanguage());
    }

    /** Holds the set, since an interface cannot have private fields. */
    final class RightToLeft {
        private static final java.util.Set<String> LANGUAGES =
                java.util.Set.of("ar", "he", "iw", "fa", "ur", "yi", "ji", "ps", "sd", "ug", "dv");

        private RightToLeft() {
        }
    }

    /**
     * Reads translations from a UTF-8 {@code .properties} file, the usual way to write a pack:
     * {@code LanguagePack.readProperties(MyPack.class.getResourceAsStream("messages_fr.properties"))}.
     * The plugin opens the stream itself because, on the module path, only its own module may
     * read the resources of its packages.
     *
     * @param in the file's content, or {@code null} if the resource was not found; closed here
     * @return the translations
     * @throws UncheckedIOException if the file is missing or unreadable
     */
    static Map<String, String> readProperties(InputStream in) {
        if (in == null) {
            throw new UncheckedIOException(new IOException("the translations file of this language pack is missing"));
        }
        try (in) {
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> messages = new TreeMap<>();
            properties.stringPropertyNames().forEach(key -> messages.put(key, properties.getProperty(key)));
            return Map.copyOf(messages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
