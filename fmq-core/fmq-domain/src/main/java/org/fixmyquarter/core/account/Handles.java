package org.fixmyquarter.core.account;

import java.text.Normalizer;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.error.FieldError;

/**
 * The rules of handles, the names people mention each other by ({@code @camille_m}): 3 to 30
 * lower case letters, digits and {@code _}, unique. Upper case typed by a person is folded.
 */
public final class Handles {

    /** Shortest handle. */
    public static final int MIN = 3;
    /** Longest handle. */
    public static final int MAX = 30;

    private static final Pattern VALID = Pattern.compile("[a-z0-9_]{" + MIN + "," + MAX + "}");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern OTHER = Pattern.compile("[^a-z0-9]+");

    private Handles() {
    }

    /**
     * @param handle as typed, with or without a leading {@code @}
     * @return lower case, without the {@code @}, stripped; {@code null} stays {@code null}
     */
    public static String normalize(String handle) {
        if (handle == null) {
            return null;
        }
        String value = handle.strip();
        return (value.startsWith("@") ? value.substring(1) : value).toLowerCase(Locale.ROOT);
    }

    /**
     * @param handle a normalized handle
     * @return whether it follows the rules
     */
    public static boolean valid(String handle) {
        return handle != null && VALID.matcher(handle).matches();
    }

    static FieldError invalid() {
        return FieldError.translatable("handle", "validation.handle", "must be " + MIN + " to " + MAX
                + " lower case letters, digits or _", MIN, MAX);
    }

    /**
     * A handle made from a display name ("Camille Martin" gives {@code camille_martin}), else from the
     * part of the e-mail address before {@code @}. Letters with accents lose them; scripts other than
     * Latin give way to the address.
     */
    static String suggest(String displayName, String email) {
        String fromName = slug(displayName);
        if (fromName.length() >= MIN) {
            return fromName;
        }
        String local = email == null ? "" : email.substring(0, Math.max(0, email.indexOf('@')));
        String fromEmail = slug(local);
        return fromEmail.length() >= MIN ? fromEmail : "user";
    }

    /** @return {@code wanted} if no account has it, else {@code wanted} with a number appended */
    static String free(EntityManager em, String wanted) {
        String base = wanted.length() > MAX - 5 ? wanted.substring(0, MAX - 5) : wanted;
        String candidate = wanted.length() < MIN ? base + "_" + number() : wanted;
        for (int attempt = 0; taken(em, candidate); attempt++) {
            // Four digits first; if a name is that popular, widen the range rather than loop long.
            candidate = base + "_" + (attempt < 10 ? number() : ThreadLocalRandom.current().nextInt(10_000, 10_000_000));
        }
        return candidate;
    }

    private static int number() {
        return ThreadLocalRandom.current().nextInt(1000, 10_000);
    }

    private static boolean taken(EntityManager em, String handle) {
        return em.createQuery("SELECT COUNT(u) FROM UserAccount u WHERE u.handle = :handle", Long.class)
                .setParameter("handle", handle).getSingleResult() > 0;
    }

    private static String slug(String text) {
        if (text == null) {
            return "";
        }
        String plain = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        String slug = OTHER.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("_");
        slug = slug.replaceAll("^_+|_+$", "");
        return slug.length() > MAX - 5 ? slug.substring(0, MAX - 5).replaceAll("_+$", "") : slug;
    }
}
