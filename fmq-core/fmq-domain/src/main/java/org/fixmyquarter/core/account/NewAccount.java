package org.fixmyquarter.core.account;

/**
 * What a person gives to register.
 *
 * @param email           their e-mail address
 * @param password        the password they chose; wiped once hashed
 * @param displayName     the name shown next to what they do
 * @param preferredLocale a language tag such as {@code fr}, or {@code null} to follow the browser
 */
public record NewAccount(String email, char[] password, String displayName, String preferredLocale) {
}
