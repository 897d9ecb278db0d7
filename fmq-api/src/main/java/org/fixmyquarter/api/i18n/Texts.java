package org.fixmyquarter.api.i18n;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.fixmyquarter.core.i18n.Messages;

/**
 * The API's access to translations: the reader's locale from {@code Accept-Language} (with quality
 * values), falling back to the deployment's default, and the translated texts.
 */
@ApplicationScoped
public class Texts {

    @Inject
    private Messages messages;

    /**
     * @param headers the request's headers
     * @return the locale to answer in
     */
    public Locale locale(HttpHeaders headers) {
        return locale(headers == null ? null : headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    }

    /**
     * For servlet filters and error pages, where there is no JAX-RS {@link HttpHeaders}.
     *
     * @param acceptLanguage the request's {@code Accept-Language}, or {@code null}
     * @return the locale to answer in; the default for a malformed header
     */
    public Locale locale(String acceptLanguage) {
        return messages.negotiate(acceptLanguage);
    }

    /**
     * @param locale   the reader's locale
     * @param key      a language-pack key, or {@code null} for an untranslated text
     * @param fallback the English text
     * @param args     the values of the key's placeholders
     * @return the translation, or the fallback
     */
    public String text(Locale locale, String key, String fallback, List<?> args) {
        return key == null ? fallback : messages.text(locale, key, fallback, args);
    }

    /**
     * @return the translations themselves
     */
    public Messages messages() {
        return messages;
    }

    /**
     * A response written in the reader's language: says which ({@code Content-Language}) and that
     * it depends on {@code Accept-Language}, so that caches keep one copy per language.
     *
     * @param response the response, with its entity
     * @param reader   the language it is written in
     * @return the response, built
     */
    public static Response inLanguage(Response.ResponseBuilder response, Locale reader) {
        return response.header(HttpHeaders.CONTENT_LANGUAGE, reader.toLanguageTag())
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE).build();
    }
}
