package org.fixmyquarter.api.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/**
 * Answers to reads whose body is cheap to build but worth not sending again: the entity tag is a
 * digest of the body itself, so it changes exactly when the answer does, on every server alike,
 * and an {@code If-None-Match} that still matches gets a {@code 304} without the body.
 */
public final class Representations {

    /** What a browser or a shared cache may keep for five minutes: the same for every reader. */
    public static final String PUBLIC_5_MIN = "public, max-age=300";

    private Representations() {
    }

    /**
     * @param request      the request, for its {@code If-None-Match}
     * @param body         the answer's body
     * @param cacheControl the {@code Cache-Control} value, or {@code null} for none
     * @return {@code 304} when the client holds this body already, else {@code 200} with it; both
     *         with the {@code ETag} (and {@code Cache-Control}), for the caller to add headers to
     */
    public static Response.ResponseBuilder ok(Request request, String body, String cacheControl) {
        EntityTag tag = tagOf(body);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        Response.ResponseBuilder answer = unchanged != null ? unchanged : Response.ok(body).tag(tag);
        if (cacheControl != null) {
            answer.header("Cache-Control", cacheControl);
        }
        return answer;
    }

    /**
     * @param body a body
     * @return a strong entity tag of it: the first 128 bits of its SHA-256, base64url
     */
    public static EntityTag tagOf(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return new EntityTag(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
