package org.fixmyquarter.core.internal;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code @handle}s in a comment.
 */
public final class Mentions {

    /** The most people one comment notifies, so a comment cannot be used to spam a crowd. */
    public static final int MAX = 10;

    // Not after a word character: "camille@example.org" is an address, not a mention.
    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_@.])@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_])");

    private Mentions() {
    }

    /**
     * @param text a comment
     * @return the handles mentioned, lower case, in order of first appearance, at most {@link #MAX}
     */
    public static Set<String> in(String text) {
        Set<String> handles = new LinkedHashSet<>();
        Matcher matcher = MENTION.matcher(text == null ? "" : text);
        while (matcher.find() && handles.size() < MAX) {
            handles.add(matcher.group(1).toLowerCase(Locale.ROOT));
        }
        return handles;
    }
}
