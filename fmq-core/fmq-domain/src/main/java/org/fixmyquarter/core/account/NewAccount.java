package org.fixmyquarter.core.account;

/**
 * What a person gives to register.
 *
 * @param email           their e-mail address
 * @param password        the password they chose; wiped once hashed
 * @param displayName     the name shown next to what they do
 * @param preferredLocale a language tag such as {@code fr}, or {@code null} to follow the browser
 * @param handle          the handle others mention them by ({@code @camille}), or {@code null} to
 *                        derive one from the display name
 */
public record NewAccount(String email, char[] password, String displayName, String preferredLocale, String handle) {

    /**
     * A registration that lets the server choose the handle.
     *
     * @param email           their e-mail address
     * @param password        the password they chose
     * @param displayName     the name shown next to what they do
     * @param preferredLocale a language tag, or {@code null}
     */
    public NewAccount(String email, char[] password, String displayName, String preferredLocale) {
        this(email, password, displayName, preferredLocale, null);
    }
}
