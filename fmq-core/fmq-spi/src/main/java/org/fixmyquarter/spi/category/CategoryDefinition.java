package org.fixmyquarter.spi.category;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One category of problem, as a {@link CategoryProvider} declares it.
 *
 * @param code stable machine code used in the API and stored with each report, for example
 *             {@code road}; lower-case letters, digits, {@code -} and {@code _}, at most 64 characters
 * @param name the category's name in the deployment's default language, for example
 *             {@code "Roads and pavements"}
 */
public record CategoryDefinition(String code, String name) {

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /**
     * Checks the code and name.
     *
     * @throws IllegalArgumentException if the code is not a valid category code or the name is blank
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
    }
}
