package org.fixmyquarter.core.i18n;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.fixmyquarter.spi.category.CategoryDefinition;
import org.fixmyquarter.spi.i18n.LanguagePack;

/**
 * The translations of a deployment, merged from its language packs, and the rules to pick one.
 *
 * <p>A key is looked up for the reader's locale ({@code fr-CA}), then its language ({@code fr}),
 * then the deployment's default locale and language, then English; if no pack has it, the
 * caller's English text is used, so a reader never sees a raw key. Where two packs translate the
 * same key for the same locale, the higher {@link LanguagePack#order()} wins. Immutable.
 */
public final class Messages {

    private static final Logger LOG = System.getLogger(Messages.class.getName());
    private static final Locale ENGLISH = Locale.ENGLISH;
    private static final double METRES_PER_MILE = 1609.344;
    private static final double METRES_PER_FOOT = 0.3048;

    private final Map<String, Map<String, String>> byTag;
    private final Set<String> rightToLeft;
    private final List<Locale> available;
    private final Locale defaultLocale;

    private Messages(Map<String, Map<String, String>> byTag, Set<String> rightToLeft, List<Locale> available,
                     Locale defaultLocale) {
        this.byTag = byTag;
        this.rightToLeft = rightToLeft;
        this.available = available;
        this.defaultLocale = defaultLocale;
    }

    /**
     * @param packs         the active language packs, in any order
     * @param defaultLocale the deployment's language, used when the reader's is not available
     * @return the merged translations
     */
    public static Messages of(Collection<? extends LanguagePack> packs, Locale defaultLocale) {
        List<LanguagePack> lowestFirst = new ArrayList<>(packs);
        lowestFirst.sort((a, b) -> Integer.compare(a.order(), b.order()));
        Map<String, Map<String, String>> byTag = new HashMap<>();
        Set<String> rtl = new HashSet<>();
        Map<String, Locale> locales = new TreeMap<>();
        for (LanguagePack pack : lowestFirst) {
            String tag = pack.locale().toLanguageTag();
            byTag.computeIfAbsent(tag, t -> new HashMap<>()).putAll(pack.messages());
            locales.put(tag, pack.locale());
            if (pack.rightToLeft()) {
                rtl.add(tag);
            } else {
                rtl.remove(tag);
            }
        }
        byTag.replaceAll((tag, messages) -> Map.copyOf(messages));
        return new Messages(Map.copyOf(byTag), Set.copyOf(rtl), List.copyOf(locales.values()),
                Objects.requireNonNull(defaultLocale, "defaultLocale"));
    }

    /**
     * @return the deployment's language
     */
    public Locale defaultLocale() {
        return defaultLocale;
    }

    /**
     * @return the locales some language pack translates, by tag
     */
    public List<Locale> available() {
        return available;
    }

    /**
     * @param locale a locale
     * @return whether its text runs right to left
     */
    public boolean isRightToLeft(Locale locale) {
        return rightToLeft.contains(locale.toLanguageTag()) || rightToLeft.contains(locale.getLanguage());
    }

    /**
     * Picks the reader's locale from an HTTP {@code Accept-Language} header: the available locale
     * that best matches the highest-weighted range, or the default locale when none matches or the
     * header is absent or malformed.
     *
     * @param acceptLanguage the header's value, or {@code null}
     * @return the locale to answer in
     */
    public Locale negotiate(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 500) {
            return defaultLocale;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException e) {
            return defaultLocale;
        }
        List<Locale.LanguageRange> acceptable = new ArrayList<>();
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() > 0) {
                acceptable.add(range);
            }
        }
        if (acceptable.size() == 1 && "*".equals(acceptable.get(0).getRange())) {
            return defaultLocale;
        }
        Locale match = Locale.lookup(acceptable, available);
        return match == null ? defaultLocale : match;
    }

    /**
     * The translation of a key, filled with its arguments.
     *
     * @param locale   the reader's locale
     * @param key      the key, for example {@code problem.validation.title}
     * @param fallback the English text to use when no pack has the key
     * @param args     the values of the placeholders
     * @return the text
     */
    public String text(Locale locale, String key, String fallback, List<?> args) {
        for (Locale candidate : chain(locale)) {
            String pattern = byTag.getOrDefault(candidate.toLanguageTag(), Map.of()).get(key);
            if (pattern != null) {
                try {
                    return new MessageFormat(pattern, candidate).format(args.toArray());
                } catch (IllegalArgumentException e) {
                    LOG.log(Level.WARNING, "The " + candidate + " translation of " + key + " is not a valid pattern: "
                            + e.getMessage());
                }
            }
        }
        return fallback;
    }

    /**
     * @param locale the reader's locale
     * @param key    a key
     * @return the raw pattern found for the key along the fallback chain, if any
     */
    public Optional<String> pattern(Locale locale, String key) {
        for (Locale candidate : chain(locale)) {
            String pattern = byTag.getOrDefault(candidate.toLanguageTag(), Map.of()).get(key);
            if (pattern != null) {
                return Optional.of(pattern);
            }
        }
        return Optional.empty();
    }

    /**
     * Every text whose key starts with a prefix, each found along the same chain as
     * {@link #text}: the interface strings a web page loads at once. Quotes are resolved as
     * {@code MessageFormat} does ({@code ''} is one apostrophe); placeholders ({@code {0}}) stay
     * for the page to fill. A pattern that does not parse is left out, as {@link #text} would
     * fall back past it.
     *
     * @param locale the reader's locale
     * @param prefix the start of the keys, for example {@code ui.}
     * @return the texts by key, sorted by key
     */
    public SortedMap<String, String> texts(Locale locale, String prefix) {
        SortedMap<String, String> texts = new TreeMap<>();
        List<Locale> chain = chain(locale);
        for (int i = chain.size() - 1; i >= 0; i--) {
            Locale candidate = chain.get(i);
            byTag.getOrDefault(candidate.toLanguageTag(), Map.of()).forEach((key, pattern) -> {
                if (key.startsWith(prefix)) {
                    try {
                        texts.put(key, new MessageFormat(pattern, candidate).format(new Object[0]));
                    } catch (IllegalArgumentException e) {
                        LOG.log(Level.WARNING, "The " + candidate + " translation of " + key
                                + " is not a valid pattern: " + e.getMessage());
                    }
                }
            });
        }
        return texts;
    }

    /**
     * A category's name for a reader: a language pack's {@code category.<code>} key, else the
     * category's own translation, along the same chain; else its English name.
     *
     * @param category the category
     * @param locale   the reader's locale
     * @return the name to show
     */
    public String categoryName(CategoryDefinition category, Locale locale) {
        for (Locale candidate : chain(locale)) {
            String tag = candidate.toLanguageTag();
            String fromPack = byTag.getOrDefault(tag, Map.of()).get("category." + category.code());
            if (fromPack != null) {
                // Pack values are patterns: formatting turns a doubled apostrophe back into one.
                return text(candidate, "category." + category.code(), fromPack, List.of());
            }
            String own = category.names().get(tag);
            if (own != null) {
                return own;
            }
        }
        return category.name();
    }

    /**
     * An instant as a date and time for a person, in a time zone.
     *
     * @param locale  the reader's locale
     * @param instant the instant (stored in UTC)
     * @param zone    the deployment's or area's time zone
     * @return for example {@code 25 Nov 2026, 10:03} in English
     */
    public String dateTime(Locale locale, Instant instant, ZoneId zone) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale).withZone(zone).format(instant);
    }

    /**
     * A distance for a person, in the units of their locale or of the deployment's setting.
     *
     * @param locale the reader's locale
     * @param metres the distance
     * @param units  the unit system to use
     * @return for example {@code 120 m}, {@code 1.5 km}, {@code 390 ft} or {@code 0.9 mi}
     */
    public String distance(Locale locale, double metres, UnitSystem units) {
        NumberFormat number = NumberFormat.getNumberInstance(locale);
        if (units == UnitSystem.IMPERIAL) {
            double miles = metres / METRES_PER_MILE;
            if (miles < 0.1) {
                return unit(locale, "unit.feet", "{0} ft", number, Math.round(metres / METRES_PER_FOOT), 0);
            }
            return unit(locale, "unit.miles", "{0} mi", number, miles, 1);
        }
        if (Math.round(metres) < 1000) {
            return unit(locale, "unit.metres", "{0} m", number, Math.round(metres), 0);
        }
        return unit(locale, "unit.kilometres", "{0} km", number, metres / 1000, 1);
    }

    /** The number is formatted here, so that the English fallback is rounded as well. */
    private String unit(Locale locale, String key, String englishPattern, NumberFormat number, double value,
                        int decimals) {
        number.setMaximumFractionDigits(decimals);
        String formatted = number.format(value);
        return text(locale, key, englishPattern.replace("{0}", formatted), List.of(formatted));
    }

    private List<Locale> chain(Locale locale) {
        Set<Locale> chain = new LinkedHashSet<>();
        chain.add(locale);
        chain.add(Locale.forLanguageTag(locale.getLanguage()));
        chain.add(defaultLocale);
        chain.add(Locale.forLanguageTag(defaultLocale.getLanguage()));
        chain.add(ENGLISH);
        return List.copyOf(chain);
    }
}
