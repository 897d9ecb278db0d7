package org.fixmyquarter.api.account;

import jakarta.json.JsonObjectBuilder;

import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.core.account.AccountService;
import org.fixmyquarter.core.account.RoleGrant;
import org.fixmyquarter.core.account.UserAccount;

/**
 * How an account looks on the wire: never its password hash or lock-out counters.
 */
public final class AccountJson {

    private AccountJson() {
    }

    /**
     * @param view an account and its roles
     * @return {@code {id, email, handle, displayName, preferredLanguage, emailVerified, roles: [{id, role, scope}], createdAt}}
     */
    public static JsonObjectBuilder write(AccountService.AccountView view) {
        var roles = JsonBody.JSON.createArrayBuilder();
        for (RoleGrant grant : view.roles()) {
            var role = JsonBody.JSON.createObjectBuilder().add("id", grant.getId()).add("role", grant.getRole().wireName());
            if (grant.getScope() == null) {
                role.addNull("scope");
            } else {
                role.add("scope", grant.getScope());
            }
            roles.add(role);
        }
        return write(view.account()).add("roles", roles);
    }

    /**
     * @param account an account
     * @return its public fields, without roles
     */
    public static JsonObjectBuilder write(UserAccount account) {
        var body = JsonBody.JSON.createObjectBuilder()
                .add("id", account.getId())
                .add("email", account.getEmail())
                .add("handle", account.getHandle())
                .add("displayName", account.getDisplayName());
        if (account.getPreferredLocale() == null) {
            body.addNull("preferredLanguage");
        } else {
            body.add("preferredLanguage", account.getPreferredLocale());
        }
        return body.add("emailVerified", account.isEmailVerified()).add("createdAt", account.getCreatedAt().toString());
    }
}
