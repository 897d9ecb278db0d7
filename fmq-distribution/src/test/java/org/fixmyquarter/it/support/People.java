package org.fixmyquarter.it.support;

import static org.fixmyquarter.it.support.Api.adminToken;
import static org.fixmyquarter.it.support.Api.json;
import static org.fixmyquarter.it.support.Api.login;
import static org.fixmyquarter.it.support.Api.postJson;

import java.net.http.HttpResponse;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * People the tests act as: registered through the API like anyone, given a role by the
 * administrator where needed, and signed in.
 */
public final class People {

    /** Every test person's password, for signing in as they would, through the web page. */
    public static final String PASSWORD = "a long enough password";

    /**
     * A signed-in person.
     *
     * @param id     account id
     * @param email  their (unique) address
     * @param handle what others mention them by
     * @param name   display name
     * @param token  their access token
     */
    public record Person(String id, String email, String handle, String name, String token) {
    }

    private People() {
    }

    /**
     * @param name   display name
     * @param handle a handle to ask for, or {@code null} to let the server choose
     * @param locale a preferred language, or {@code null}
     * @return a signed-in citizen with a unique address
     */
    public static Person citizen(String name, String handle, String locale) {
        return citizen(Api.BASE_URL, name, handle, locale);
    }

    /**
     * @param baseUrl the server to register at, when it is not {@link Api#BASE_URL}
     * @param name    display name
     * @param handle  a handle to ask for, or {@code null} to let the server choose
     * @param locale  a preferred language, or {@code null}
     * @return a citizen signed in at that server, with a unique address
     */
    public static Person citizen(String baseUrl, String name, String handle, String locale) {
        String email = name.toLowerCase().replaceAll("[^a-z]", "") + "-" + UUID.randomUUID() + "@example.org";
        JsonObjectBuilder body = Json.createObjectBuilder().add("email", email).add("password", PASSWORD)
                .add("displayName", name);
        if (handle != null) {
            body.add("handle", handle);
        }
        if (locale != null) {
            body.add("preferredLanguage", locale);
        }
        HttpResponse<String> response = postJson(baseUrl + "/api/v1/auth/register", body.build().toString());
        if (response.statusCode() != 201) {
            throw new AssertionError("registration of " + name + ": " + response.statusCode() + " " + response.body());
        }
        JsonObject account = json(response);
        return new Person(account.getString("id"), email, account.getString("handle"), name,
                login(baseUrl, email, PASSWORD));
    }

    /**
     * @param name display name
     * @param role moderator, operator or administrator
     * @return a signed-in person holding the role (and citizen)
     */
    public static Person staff(String name, String role) {
        Person person = citizen(name, null, null);
        HttpResponse<String> granted = postJson("/api/v1/admin/users/" + person.id() + "/roles",
                "{\"role\":\"" + role + "\"}", adminToken());
        if (granted.statusCode() != 201) {
            throw new AssertionError("grant of " + role + ": " + granted.statusCode() + " " + granted.body());
        }
        return new Person(person.id(), person.email(), person.handle(), name, login(person.email(), PASSWORD));
    }

    /** A handle no other test run has taken. */
    public static String uniqueHandle(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
