package org.fixmyquarter.core.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The rule of {@code fmq.auth.staff-second-factor}: which roles a session gives.
 */
class SecondFactorPolicyTest {

    private static final Set<Role> ADMIN = EnumSet.of(Role.CITIZEN, Role.ADMINISTRATOR);
    private static final Set<Role> CITIZEN = EnumSet.of(Role.CITIZEN);

    private static AccountSession session(AccountSession.Method method, boolean secondFactor) {
        return new AccountSession("s1", "u1", Instant.parse("2026-12-06T10:00:00Z"), method, Set.of(), secondFactor);
    }

    @Test
    void optionalLeavesEveryRole() {
        AccountSession withoutCode = session(AccountSession.Method.PASSWORD, false);
        assertEquals(ADMIN, SecondFactorPolicy.OPTIONAL.effectiveRoles(ADMIN, withoutCode));
        assertFalse(SecondFactorPolicy.OPTIONAL.withholds(ADMIN, withoutCode));
    }

    @Test
    void requiredGivesOnlyCitizenToAStaffSessionWithoutASecondFactor() {
        AccountSession withoutCode = session(AccountSession.Method.PASSWORD, false);
        assertEquals(CITIZEN, SecondFactorPolicy.REQUIRED.effectiveRoles(ADMIN, withoutCode));
        assertTrue(SecondFactorPolicy.REQUIRED.withholds(ADMIN, withoutCode));
        // The first administrator holds no citizen grant: it still gets citizen, to enrol.
        assertEquals(CITIZEN, SecondFactorPolicy.REQUIRED.effectiveRoles(EnumSet.of(Role.OPERATOR, Role.MODERATOR),
                withoutCode));
        assertEquals(CITIZEN, SecondFactorPolicy.REQUIRED.effectiveRoles(EnumSet.of(Role.ADMINISTRATOR), withoutCode));
    }

    @Test
    void requiredLeavesEveryRoleToASessionThatPassedASecondFactor() {
        AccountSession withCode = session(AccountSession.Method.PASSWORD, true);
        assertEquals(ADMIN, SecondFactorPolicy.REQUIRED.effectiveRoles(ADMIN, withCode));
        assertFalse(SecondFactorPolicy.REQUIRED.withholds(ADMIN, withCode));
    }

    @Test
    void requiredChangesNothingForCitizens() {
        AccountSession withoutCode = session(AccountSession.Method.PASSWORD, false);
        assertEquals(CITIZEN, SecondFactorPolicy.REQUIRED.effectiveRoles(CITIZEN, withoutCode));
        assertFalse(SecondFactorPolicy.REQUIRED.withholds(CITIZEN, withoutCode), "citizens need no second factor");
    }

    @Test
    void singleSignOnSessionsAreTheProvidersBusiness() {
        AccountSession provider = session(AccountSession.Method.IDENTITY_PROVIDER, false);
        assertEquals(ADMIN, SecondFactorPolicy.REQUIRED.effectiveRoles(ADMIN, provider));
        assertFalse(SecondFactorPolicy.REQUIRED.withholds(ADMIN, provider));
    }

    @Test
    void theSettingIsReadInAnyCaseAndAnythingElseIsNoPolicy() {
        assertEquals(Optional.of(SecondFactorPolicy.OPTIONAL), SecondFactorPolicy.fromSetting("optional"));
        assertEquals(Optional.of(SecondFactorPolicy.REQUIRED), SecondFactorPolicy.fromSetting(" Required "));
        assertEquals(Optional.empty(), SecondFactorPolicy.fromSetting("yes"));
        assertEquals(Optional.empty(), SecondFactorPolicy.fromSetting(null));
    }
}
