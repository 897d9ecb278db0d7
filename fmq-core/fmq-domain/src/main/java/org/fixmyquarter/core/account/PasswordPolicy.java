package org.fixmyquarter.core.account;

import java.nio.CharBuffer;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;

import org.fixmyquarter.core.error.FieldError;

/**
 * What a new password must be: 10 to 200 characters counted as a person counts them (code points,
 * after Unicode NFKC normalization, so that an emoji is one character and the same password typed
 * on two keyboards is the same password), and not easy to guess: zxcvbn's estimate, with its
 * dictionaries of common and breached passwords, names and keyboard patterns, and the person's own
 * e-mail address, handle and name, must reach {@link #MIN_SCORE}.
 */
public final class PasswordPolicy {

    /** Shortest password, in code points. */
    public static final int MIN_LENGTH = 10;
    /** Longest password, in code points: PBKDF2 hashes it whole, so it must be bounded. */
    public static final int MAX_LENGTH = 200;
    /**
     * zxcvbn's score a password must reach: 3 is "safely unguessable" (about 10^8 to 10^10
     * guesses), out of reach of online guessing under the sign-in delays.
     */
    public static final int MIN_SCORE = 3;

    private PasswordPolicy() {
    }

    /**
     * @param password a password as typed
     * @return its NFKC form, which is what is hashed and checked
     */
    public static char[] normalize(char[] password) {
        String normalized = Normalizer.normalize(CharBuffer.wrap(password), Normalizer.Form.NFKC);
        return normalized.toCharArray();
    }

    /**
     * @param field     the request field the password came in, for the errors
     * @param password  the new password as typed
     * @param ownInputs the person's e-mail address, handle and name (any may be {@code null})
     * @return what is wrong with it, empty when it is acceptable
     */
    public static List<FieldError> check(String field, char[] password, String... ownInputs) {
        List<FieldError> errors = new ArrayList<>();
        if (password == null) {
            errors.add(FieldError.translatable(field, "validation.length-range",
                    "must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters", MIN_LENGTH, MAX_LENGTH));
            return errors;
        }
        char[] normalized = normalize(password);
        try {
            String text = new String(normalized);
            int length = text.codePointCount(0, text.length());
            if (length < MIN_LENGTH || length > MAX_LENGTH) {
                errors.add(FieldError.translatable(field, "validation.length-range",
                        "must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters", MIN_LENGTH, MAX_LENGTH));
                return errors;
            }
            List<String> inputs = new ArrayList<>();
            for (String input : ownInputs) {
                if (input != null && !input.isBlank()) {
                    String lower = input.strip().toLowerCase(Locale.ROOT);
                    inputs.add(lower);
                    int at = lower.indexOf('@');
                    if (at > 0) {
                        inputs.add(lower.substring(0, at));
                    }
                }
            }
            boolean ownDetail = inputs.stream().anyMatch(input -> Objects.equals(input,
                    text.strip().toLowerCase(Locale.ROOT)));
            Strength strength = new Zxcvbn().measure(CharBuffer.wrap(normalized), inputs);
            int score = strength.getScore();
            strength.wipe();
            if (ownDetail || score < MIN_SCORE) {
                errors.add(FieldError.translatable(field, "validation.password-weak",
                        "is too easy to guess (a common password, a pattern, or your own address or name); a few "
                                + "unrelated words make a strong one"));
            }
            return errors;
        } finally {
            Passwords.wipe(normalized);
        }
    }
}
