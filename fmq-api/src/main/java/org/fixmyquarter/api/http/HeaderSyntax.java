package org.fixmyquarter.api.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The grammar of the request headers the API negotiates with (RFC 9110, 8.3.1, 12.4.2, 12.5.1,
 * 12.5.4), checked before the JAX-RS runtime parses them: a value it cannot parse made it answer
 * 500 or an HTML page, and a lenient reading would guess what the client meant.
 */
public final class HeaderSyntax {

    private static final String OWS = "[ \\t]*";
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"(?:[\\t \\x21\\x23-\\x5B\\x5D-\\x7E\\x80-\\xFF]|\\\\[\\t \\x21-\\x7E\\x80-\\xFF])*\"";
    private static final String PARAMETER = TOKEN + "=(?:" + TOKEN + "|" + QUOTED + ")";
    /** Parameters other than q; a q among them is checked on its own. */
    private static final String PARAMETERS = "(?:" + OWS + ";" + OWS + "(?:" + PARAMETER + ")?)*";
    private static final String QVALUE = "(?:0(?:\\.[0-9]{0,3})?|1(?:\\.0{0,3})?)";

    private static final Pattern MEDIA_TYPE = Pattern.compile(TOKEN + "/" + TOKEN + PARAMETERS);
    private static final Pattern MEDIA_RANGE = Pattern.compile("(?:\\*/\\*|" + TOKEN + "/\\*|" + TOKEN + "/" + TOKEN + ")"
            + PARAMETERS);
    private static final Pattern LANGUAGE_RANGE = Pattern.compile("(?:[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\\*)"
            + "(?:" + OWS + ";" + OWS + "[qQ]=" + QVALUE + ")?");
    private static final Pattern Q_PARAMETER = Pattern.compile("[qQ]=(.*)");
    private static final Pattern QVALUE_ONLY = Pattern.compile(QVALUE);

    private HeaderSyntax() {
    }

    /**
     * @param value a {@code Content-Type} value
     * @return whether it is one media type with well-formed parameters
     */
    public static boolean isMediaType(String value) {
        return MEDIA_TYPE.matcher(value.strip()).matches();
    }

    /**
     * @param value an {@code Accept} value
     * @return whether it is a list of media ranges whose parameters, and quality values (0 to 1,
     *         at most three decimals) in particular, are well formed; empty elements are allowed, as
     *         in every list header
     */
    public static boolean isMediaRangeList(String value) {
        for (String element : elements(value)) {
            if (!element.isEmpty() && (!MEDIA_RANGE.matcher(element).matches() || !qualityOk(element))) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param value an {@code Accept-Language} value
     * @return whether it is a list of language ranges, each with an optional well-formed weight
     */
    public static boolean isLanguageRangeList(String value) {
        for (String element : elements(value)) {
            if (!element.isEmpty() && !LANGUAGE_RANGE.matcher(element).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Splits a list on commas outside quoted strings; each element stripped of white space. */
    private static List<String> elements(String value) {
        List<String> elements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\' && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                elements.add(current.toString().strip());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        elements.add(current.toString().strip());
        return elements;
    }

    /** A media range's parameters are well formed already; a q among them must be a qvalue. */
    private static boolean qualityOk(String range) {
        String[] parameters = range.split(";");
        for (int i = 1; i < parameters.length; i++) {
            var q = Q_PARAMETER.matcher(parameters[i].strip());
            if (q.matches() && !QVALUE_ONLY.matcher(q.group(1)).matches()) {
                return false;
            }
        }
        return true;
    }
}
