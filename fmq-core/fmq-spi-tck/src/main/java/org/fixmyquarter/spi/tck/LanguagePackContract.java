package org.fixmyquarter.spi.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.text.AttributedCharacterIterator;
import java.text.DateFormat;
import java.text.Format;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fixmyquarter.spi.i18n.LanguagePack;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link LanguagePack}: a locale with a language, a non-empty immutable map of
 * valid {@link MessageFormat} patterns whose placeholders survive formatting (the classic lone
 * apostrophe of {@code l'adresse {0}}), the right text direction, and, when a
 * {@linkplain #reference() reference} is given, no unknown keys and the same placeholders as the
 * reference. Includes the tests of {@link PluginContract}.
 *
 * <p>Implement {@link #createPlugin()}; for a translation, override {@link #reference()} to return
 * the English pack's messages.
 *
 * @param <T> the pack's class
 */
public abstract class LanguagePackContract<T extends LanguagePack> extends PluginContract<T> {

    // "iw" and "ji" are the codes older JDKs report for Hebrew and Yiddish.
    private static final Set<String> RTL_LANGUAGES = Set.of("ar", "he", "iw", "fa", "ur", "yi", "ji", "ps", "sd",
            "ug", "dv");
    // An explicit script decides over the language: sd-Deva runs left to right, az-Arab right to left.
    private static final Set<String> RTL_SCRIPTS = Set.of("Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg",
            "Samr", "Mand");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\s*(\\d+)\\s*[,}]");
    // A single quote between two letters is an apostrophe in a word (l'eau, don't), which
    // MessageFormat would swallow as the start of a quoted section; it must be written ''.
    private static final Pattern LONE_APOSTROPHE = Pattern.compile("\\p{L}'\\p{L}");

    /**
     * Creates the contract; subclasses are instantiated by JUnit.
     */
    protected LanguagePackContract() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code LanguagePack.class}
     */
    @Override
    protected final Class<? super T> extensionPoint() {
        return LanguagePack.class;
    }

    /**
     * The messages this pack translates, usually the English pack's
     * ({@code new EnglishLanguagePack().messages()}). When not empty, every key of this pack must
     * be one of its keys, with the same placeholders.
     *
     * @return key to pattern; empty unless overridden, which skips the comparisons
     */
    protected Map<String, String> reference() {
        return Map.of();
    }

    /**
     * {@link LanguagePack#locale()} has a language, which is what the server matches readers by.
     *
     * @throws Exception if init fails
     */
    @Test
    public void localeHasLanguage() throws Exception {
        Locale locale = initialisedPlugin().locale();
        assertNotNull(locale, "locale() returned null");
        assertFalse(locale.getLanguage().isEmpty(), () -> "locale() '" + locale.toLanguageTag()
                + "' has no language; use for example Locale.forLanguageTag(\"pt\")");
    }

    /**
     * {@link LanguagePack#messages()} has at least one message.
     *
     * @throws Exception if init fails
     */
    @Test
    public void messagesAreNotEmpty() throws Exception {
        Map<String, String> messages = messages();
        assertFalse(messages.isEmpty(), "messages() is empty; is the properties file in the jar?");
    }

    /**
     * The map cannot be changed through the reference returned, since the server shares it
     * between threads.
     *
     * @throws Exception if init fails
     */
    @Test
    public void messagesAreImmutable() throws Exception {
        Map<String, String> messages = messages();
        assertThrows(UnsupportedOperationException.class, () -> messages.put("tck.extra", "added by the test kit"),
                "messages() must return an immutable map, for example Map.copyOf(...)");
    }

    /**
     * Every value is a {@link MessageFormat} pattern for the pack's locale (balanced braces, known
     * format types).
     *
     * @throws Exception if init fails
     */
    @Test
    public void valuesAreValidMessageFormatPatterns() throws Exception {
        Locale locale = locale();
        Map<String, String> problems = new TreeMap<>();
        messages().forEach((key, value) -> {
            if (value == null) {
                problems.put(key, "null value");
                return;
            }
            try {
                new MessageFormat(value, locale);
            } catch (IllegalArgumentException e) {
                problems.put(key, e.getMessage() + " in: " + value);
            }
        });
        assertTrue(problems.isEmpty(), () -> "values that are not MessageFormat patterns: " + lines(problems));
    }

    /**
     * Formatting each value with sample arguments replaces every {@code {n}} written in it (and in
     * the reference's value). A {@code {n}} left in the output means a lone apostrophe quoted it
     * away: write a literal apostrophe as {@code ''}.
     *
     * @throws Exception if init fails
     */
    @Test
    public void everyPlaceholderIsSubstituted() throws Exception {
        Locale locale = locale();
        Map<String, String> reference = reference();
        Map<String, String> problems = new TreeMap<>();
        messages().forEach((key, value) -> {
            MessageFormat format = parse(value, locale);
            if (format == null) {
                return; // valuesAreValidMessageFormatPatterns() reports it
            }
            TreeSet<Integer> expected = placeholdersWritten(value);
            String referenceValue = reference == null ? null : reference.get(key);
            if (referenceValue != null) {
                expected.addAll(placeholdersWritten(referenceValue));
            }
            int count = expected.isEmpty() ? 0 : expected.last() + 1;
            String formatted;
            try {
                formatted = format.format(sampleArguments(format, count));
            } catch (IllegalArgumentException e) {
                problems.put(key, "cannot be formatted (" + e.getMessage() + "): " + value);
                return;
            }
            List<Integer> left = new ArrayList<>();
            for (int index : expected) {
                if (formatted.contains("{" + index + "}") || formatted.contains("{" + index + ",")) {
                    left.add(index);
                }
            }
            if (!left.isEmpty()) {
                problems.put(key, "placeholders " + left + " not substituted, is an apostrophe not doubled? "
                        + value + "  =>  " + formatted);
            }
        });
        assertTrue(problems.isEmpty(), () -> "values whose placeholders do not survive formatting: " + lines(problems));
    }

    /**
     * No single apostrophe sits inside a word ({@code l'eau}, {@code don't}): {@link MessageFormat}
     * drops it and quotes the rest of the text, so write {@code l''eau}.
     *
     * @throws Exception if init fails
     */
    @Test
    public void apostrophesInWordsAreDoubled() throws Exception {
        Map<String, String> problems = new TreeMap<>();
        messages().forEach((key, value) -> {
            if (value != null && LONE_APOSTROPHE.matcher(value).find()) {
                problems.put(key, value);
            }
        });
        assertTrue(problems.isEmpty(), () -> "values with a single apostrophe inside a word, which MessageFormat "
                + "would drop; write it twice (''): " + lines(problems));
    }

    /**
     * With a {@linkplain #reference() reference}, every key of the pack is one of the reference's,
     * so that a misspelt key is caught rather than silently never used.
     *
     * @throws Exception if init fails
     */
    @Test
    public void keysExistInReference() throws Exception {
        Map<String, String> reference = reference();
        assumeFalse(reference == null || reference.isEmpty(), "no reference() to compare with");
        Set<String> unknown = new TreeSet<>(messages().keySet());
        unknown.removeAll(reference.keySet());
        assertTrue(unknown.isEmpty(), () -> "keys the reference does not have (misspelt, or removed from it): "
                + unknown);
    }

    /**
     * With a {@linkplain #reference() reference}, each value uses exactly the argument indexes the
     * reference's value uses: the server passes the same arguments to every language.
     *
     * @throws Exception if init fails
     */
    @Test
    public void placeholdersMatchReference() throws Exception {
        Map<String, String> reference = reference();
        assumeFalse(reference == null || reference.isEmpty(), "no reference() to compare with");
        Locale locale = locale();
        Map<String, String> problems = new TreeMap<>();
        messages().forEach((key, value) -> {
            MessageFormat format = parse(value, locale);
            MessageFormat referenceFormat = parse(reference.get(key), Locale.ROOT);
            if (format == null || referenceFormat == null) {
                return; // an invalid pattern or an unknown key, which other tests report
            }
            Set<Integer> used = argumentsUsed(format);
            Set<Integer> expected = argumentsUsed(referenceFormat);
            if (!used.equals(expected)) {
                problems.put(key, "uses " + used + " but the reference uses " + expected + ": " + value);
            }
        });
        assertTrue(problems.isEmpty(), () -> "values whose placeholders differ from the reference's: "
                + lines(problems));
    }

    /**
     * {@link LanguagePack#rightToLeft()} is {@code true} exactly for languages written right to
     * left (Arabic, Hebrew, Persian, Urdu, Yiddish, Pashto, Sindhi, Uyghur, Dhivehi, or any
     * language with an explicit right-to-left script such as {@code -Arab}).
     *
     * @throws Exception if init fails
     */
    @Test
    public void rightToLeftMatchesLanguage() throws Exception {
        LanguagePack pack = initialisedPlugin();
        Locale locale = locale();
        boolean expected = locale.getScript().isEmpty()
                ? RTL_LANGUAGES.contains(locale.getLanguage())
                : RTL_SCRIPTS.contains(locale.getScript());
        assertEquals(expected, pack.rightToLeft(), () -> locale.toLanguageTag() + " is written "
                + (expected ? "right to left: override rightToLeft() to return true"
                        : "left to right, but rightToLeft() returns true"));
    }

    private Locale locale() throws Exception {
        Locale locale = initialisedPlugin().locale();
        assertNotNull(locale, "locale() returned null");
        return locale;
    }

    private Map<String, String> messages() throws Exception {
        Map<String, String> messages = initialisedPlugin().messages();
        assertNotNull(messages, "messages() returned null");
        return messages;
    }

    private static MessageFormat parse(String pattern, Locale locale) {
        if (pattern == null) {
            return null;
        }
        try {
            return new MessageFormat(pattern, locale);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static TreeSet<Integer> placeholdersWritten(String pattern) {
        TreeSet<Integer> indexes = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(pattern);
        while (matcher.find()) {
            indexes.add(Integer.parseInt(matcher.group(1)));
        }
        return indexes;
    }

    // The arguments MessageFormat really substitutes, as it reports them: unlike a search of the
    // text, this ignores a {n} that quoting turned into literal text.
    private static Set<Integer> argumentsUsed(MessageFormat format) {
        Set<Integer> used = new TreeSet<>();
        AttributedCharacterIterator text;
        try {
            text = format.formatToCharacterIterator(sampleArguments(format, 0));
        } catch (IllegalArgumentException e) {
            return used;
        }
        for (char c = text.first(); c != AttributedCharacterIterator.DONE; c = text.next()) {
            Object index = text.getAttribute(MessageFormat.Field.ARGUMENT);
            if (index instanceof Integer) {
                used.add((Integer) index);
            }
        }
        return used;
    }

    // Arguments of the types the pattern's format elements expect ({0,number} needs a number),
    // each non-empty so that it shows in the output.
    private static Object[] sampleArguments(MessageFormat format, int atLeast) {
        Format[] formats = format.getFormatsByArgumentIndex();
        Object[] arguments = new Object[Math.max(atLeast, formats.length)];
        for (int i = 0; i < arguments.length; i++) {
            Format element = i < formats.length ? formats[i] : null;
            if (element instanceof NumberFormat) {
                arguments[i] = 3 + i;
            } else if (element instanceof DateFormat) {
                arguments[i] = Date.from(SampleEvents.CREATED_AT);
            } else {
                arguments[i] = "arg" + i;
            }
        }
        return arguments;
    }

    private static String lines(Map<String, String> problems) {
        StringBuilder text = new StringBuilder();
        problems.forEach((key, problem) -> text.append("\n  ").append(key).append(": ").append(problem));
        return text.toString();
    }
}
