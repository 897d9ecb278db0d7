package org.fixmyquarter.api.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;

import org.fixmyquarter.api.i18n.Texts;
import org.fixmyquarter.api.problem.Problem;
import org.fixmyquarter.core.error.FieldError;

/**
 * Refuses, before the JAX-RS runtime sees it, a request whose address or negotiation headers
 * are malformed: a percent escape that is no escape ({@code %zz}) or decodes to bytes that are
 * not UTF-8, {@code Accept} or {@code Content-Type} values outside their grammar
 * ({@link HeaderSyntax}), and a query parameter given twice. The runtime answered
 * those with a 500, an HTML page, a U+FFFD in place of the text, or kept the first value; this
 * answers a 400 problem naming the parameter or header.
 */
public class RequestGuard extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient Texts texts;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        List<FieldError> errors = new ArrayList<>();
        String path = request.getRequestURI() == null ? "" : decoded(request.getRequestURI(), false);
        if (path == null) {
            errors.add(notPercentEncoded("path"));
        } else if (path.indexOf('\0') >= 0) {
            errors.add(nul("path"));
        }
        checkQuery(request.getQueryString(), errors);
        checkHeader(request, HttpHeaders.ACCEPT, HeaderSyntax::isMediaRangeList, "validation.header-accept",
                "must be media ranges such as application/json or text/csv;q=0.5 (q from 0 to 1, at most 3 decimals)",
                errors);
        checkHeader(request, HttpHeaders.CONTENT_TYPE, HeaderSyntax::isMediaType, "validation.header-content-type",
                "must be a media type such as application/json", errors);
        if (errors.isEmpty()) {
            chain.doFilter(withoutMalformedLanguage(request), response);
            return;
        }
        Locale locale = texts.locale(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        Problem.write(response, 400, Problem.validation(errors, texts, locale), locale);
    }

    /**
     * A malformed {@code Accept-Language} only costs the reader their language: the answer comes
     * in the default one, as documented. The runtime must not see it, though: some malformed
     * values made it answer an HTML 400.
     */
    private static HttpServletRequest withoutMalformedLanguage(HttpServletRequest request) {
        boolean malformed = Collections.list(request.getHeaders(HttpHeaders.ACCEPT_LANGUAGE)).stream()
                .anyMatch(value -> !HeaderSyntax.isLanguageRangeList(value));
        if (!malformed) {
            return request;
        }
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return HttpHeaders.ACCEPT_LANGUAGE.equalsIgnoreCase(name) ? null : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HttpHeaders.ACCEPT_LANGUAGE.equalsIgnoreCase(name) ? Collections.emptyEnumeration()
                        : super.getHeaders(name);
            }

            @Override
            public Enumeration<String> getHeaderNames() {
                List<String> names = Collections.list(super.getHeaderNames());
                names.removeIf(HttpHeaders.ACCEPT_LANGUAGE::equalsIgnoreCase);
                return Collections.enumeration(names);
            }
        };
    }

    private static void checkHeader(HttpServletRequest request, String name, Predicate<String> wellFormed, String key,
                                    String message, List<FieldError> errors) {
        for (String value : Collections.list(request.getHeaders(name))) {
            // An empty Content-Type or Accept says nothing; the runtime treats it as absent.
            if (!value.isBlank() && !wellFormed.test(value)) {
                errors.add(FieldError.translatable(name, key, message));
                return;
            }
        }
    }

    /**
     * Names each malformed parameter by its name when that much can be read, else "query". Every
     * parameter of this API takes one value: a second one would be ignored without a word.
     */
    private static void checkQuery(String query, List<FieldError> errors) {
        if (query == null || query.isEmpty()) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String decodedName = decoded(name, true);
            String decodedPair = decodedName == null ? null : decoded(pair, true);
            if (decodedPair != null) {
                if (!decodedName.isEmpty() && !names.add(decodedName)) {
                    addOnce(errors, FieldError.translatable(decodedName, "validation.repeated-parameter",
                            "is given more than once; give it once"));
                }
                if (decodedPair.indexOf('\0') >= 0) {
                    addOnce(errors, nul(decodedName.isEmpty() ? "query" : decodedName));
                }
            } else {
                addOnce(errors, notPercentEncoded(decodedName == null ? "query" : decodedName));
            }
        }
    }

    private static FieldError notPercentEncoded(String field) {
        return FieldError.translatable(field, "validation.percent-encoding",
                "is not percent-encoded UTF-8: each % must be followed by two hex digits, and the bytes must be UTF-8");
    }

    /**
     * @param field the parameter, or "path"
     * @return the error of a U+0000 in it: no text of ours has one, and PostgreSQL cannot store or
     *         compare one, so it would fail deep in a query instead of here
     */
    static FieldError nul(String field) {
        return FieldError.translatable(field, "validation.nul-character", "must not contain the NUL character (U+0000)");
    }

    private static void addOnce(List<FieldError> errors, FieldError error) {
        if (!errors.contains(error)) {
            errors.add(error);
        }
    }

    /**
     * @param raw  a path or a part of a query as sent
     * @param form whether {@code +} stands for a space (a query)
     * @return the text the escapes stand for, or {@code null} when an escape is not {@code %} and
     *         two hex digits or the decoded bytes are not UTF-8
     */
    private static String decoded(String raw, boolean form) {
        byte[] bytes = bytes(raw, form);
        return bytes == null ? null : utf8(bytes);
    }

    private static byte[] bytes(String raw, boolean form) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    return null;
                }
                out.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (form && c == '+') {
                out.write(' ');
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
