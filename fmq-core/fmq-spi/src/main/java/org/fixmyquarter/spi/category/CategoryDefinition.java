package org.fixmyquarter.spi.category;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One category of problem, as a {@link CategoryProvider} declares it.
 *
 * @param code   stable machine code used in the API and stored with each report, for example
 *               {@code pothole}; lower-case letters, digits, {@code -} and {@code _}, at most 64
 *               characters, unique across the whole tree
 * @param name   the category's name in English, shown when no translation fits the reader
 * @param parent the code of the category this one belongs under, or {@code null} for a top-level
 *               category
 * @param icon   a short icon name for the web page, for example {@code road} or {@code lightbulb};
 *               lower-case letters, digits and {@code -}; or {@code null}
 * @param names  translations of the name, keyed by language tag ({@code fr}, {@code pt-BR});
 *               may be empty. A language pack's {@code category.<code>} key takes precedence.
 */
public record CategoryDefinition(String code, String name, String parent, String icon, Map<String, String> names) {

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern ICON = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /**
     * Checks every part.
     *
     * @throws IllegalArgumentException if the code, parent or icon is malformed, the name is
     *                                  blank, or a translation has a blank name or a bad tag
     */
    public CategoryDefinition {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("Invalid category code '" + code
                    + "': use lower-case letters, digits, '-' and '_', at most 64 characters");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("Category '" + code + "' has a blank name");
        }
        if (parent != null && (!CODE.matcher(parent).matches() || parent.equals(code))) {
            throw new IllegalArgumentException("Category '" + code + "' has an invalid parent '" + parent + "'");
        }
        if (icon != null && !ICON.matcher(icon).matches()) {
            throw new IllegalArgumentException("Category '" + code + "' has an invalid icon name '" + icon
                    + "': use lower-case letters, digits and '-'");
        }
        Map<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> entry : Objects.requireNonNull(names, "names").entrySet()) {
            String tag = Locale.forLanguageTag(entry.getKey()).toLanguageTag();
            if ("und".equals(tag) || entry.getValue() == null || entry.getValue().isBlank()) {
                throw new IllegalArgumentException("Category '" + code + "' has an invalid translation for '"
                        + entry.getKey() + "'");
            }
            copy.put(tag, entry.getValue());
        }
        names = Map.copyOf(copy);
    }

    /**
     * A top-level category without icon or translations.
     *
     * @param code the code
     * @param name the English name
     */
    public CategoryDefinition(String code, String name) {
        this(code, name, null, null, Map.of());
    }

    /**
     * @return whether this category sits under another one
     */
    public boolean isSubcategory() {
        return parent != null;
    }
}
