package org.fixmyquarter.core.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fixmyquarter.core.error.FieldError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The rules a new password must meet, as a person registering meets them. */
class PasswordPolicyTest {

    private static List<FieldError> check(String password) {
        return PasswordPolicy.check("password", password.toCharArray(), "ana.souza@example.org", "ana_s", "Ana Souza");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password12", "1234567890", "          ", "qwertyuiop", "ana.souza@example.org",
            "ana.souza1", "Ana Souza 1", "aaaaaaaaaaaa", "iloveyou123", "P@ssw0rd123"})
    void commonPatternedOrOwnPasswordsAreRefused(String password) {
        List<FieldError> errors = check(password);
        assertEquals(1, errors.size(), password);
        assertEquals("validation.password-weak", errors.get(0).messageKey(), password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a long enough password", "correct horse battery staple", "lampe verte sur le quai",
            "Kq7#vZ2!mX9$"})
    void unrelatedWordsOrRandomCharactersAreAccepted(String password) {
        assertEquals(List.of(), check(password), password);
    }

    @Test
    void theLengthCountsCharactersAsAPersonDoes() {
        // Nine emoji are nine characters (18 UTF-16 units): too short.
        String nineEmoji = "\uD83C\uDF33".repeat(9);
        assertEquals("validation.length-range", check(nineEmoji).get(0).messageKey());
        assertEquals("validation.length-range", check("x".repeat(201)).get(0).messageKey());
    }

    @Test
    void theSamePasswordTypedOnTwoKeyboardsHashesTheSame() {
        Passwords passwords = new Passwords(1_000);
        // A full-width "Ｐａｓｓ" and a ligature "ﬁ" are the ASCII letters once normalized.
        String hash = passwords.hash("Ｐａｓｓ ﬁne lamp on the quay".toCharArray());
        assertTrue(passwords.verify("Pass fine lamp on the quay".toCharArray(), hash));
    }
}
