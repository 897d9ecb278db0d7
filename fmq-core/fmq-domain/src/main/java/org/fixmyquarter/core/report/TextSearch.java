package org.fixmyquarter.core.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the words of a text search are matched against a report's title and description.
 *
 * <p>On PostgreSQL, {@linkplain #postgres(String) full-text search} with a text search
 * configuration such as {@code french}: words match whatever their ending ("lampadaires" finds
 * "lampadaire"), served by a GIN index whose expression must be the one the query uses, so both
 * come from here ({@link #postgresIndexStatement()}). Elsewhere (H2, the default of an embedding
 * program), a {@linkplain #portable() portable} match: every word must appear, case aside.
 */
public final class TextSearch {

    /** PostgreSQL's configurations for the languages the built-in packs translate. */
    private static final Map<String, String> CONFIGS = Map.of("en", "english", "fr", "french", "es", "spanish",
            "de", "german", "pt", "portuguese", "ar", "arabic");
    private static final Pattern CONFIG_NAME = Pattern.compile("[a-z_]{1,63}");
    /** A portable search of more words would only be slower, not better. */
    static final int PORTABLE_WORDS_MAX = 8;

    private final String config;

    private TextSearch(String config) {
        this.config = config;
    }

    /** @return a match that works on every database: each word must appear, case aside */
    public static TextSearch portable() {
        return new TextSearch(null);
    }

    /**
     * @param config a PostgreSQL text search configuration, such as {@code english}, {@code french}
     *               or {@code simple} (no stemming)
     * @return PostgreSQL full-text search with it
     * @throws IllegalArgumentException if the name cannot be a configuration's
     */
    public static TextSearch postgres(String config) {
        Objects.requireNonNull(config, "config");
        if (!CONFIG_NAME.matcher(config).matches()) {
            throw new IllegalArgumentException("not a text search configuration name: " + config);
        }
        return new TextSearch(config);
    }

    /**
     * @param language the deployment's main language
     * @return PostgreSQL's configuration that stems that language, or {@code simple} for one it
     *         does not know
     */
    public static String postgresConfigFor(Locale language) {
        return CONFIGS.getOrDefault(language.getLanguage(), "simple");
    }

    /** @return the PostgreSQL configuration, or empty for the portable match */
    public Optional<String> postgresConfig() {
        return Optional.ofNullable(config);
    }

    /**
     * @return the statement that creates the index full-text search uses, idempotent and without
     *         blocking writes (so it must run outside a transaction); named after the
     *         configuration, so changing it builds a new index beside the old one
     * @throws IllegalStateException for the portable match, which has none
     */
    public String postgresIndexStatement() {
        if (config == null) {
            throw new IllegalStateException("the portable text search uses no index");
        }
        return "CREATE INDEX CONCURRENTLY IF NOT EXISTS fmq_report_text_" + config + "_idx ON fmq_report USING GIN ("
                + document("") + ")";
    }

    /**
     * Appends the SQL condition that {@code words} match, and its parameters.
     *
     * @param sql    the query being built, on {@code fmq_report r}
     * @param params its parameters, in order
     * @param words  what the client typed
     */
    void appendCondition(StringBuilder sql, List<Object> params, String words) {
        if (config != null) {
            sql.append(" AND ").append(document("r.")).append(" @@ plainto_tsquery('").append(config).append("', ?)");
            params.add(words);
            return;
        }
        String[] split = words.toLowerCase(Locale.ROOT).trim().split("\\s+");
        for (int i = 0; i < Math.min(split.length, PORTABLE_WORDS_MAX); i++) {
            sql.append(" AND LOWER(r.title || ' ' || COALESCE(r.description, '')) LIKE ? ESCAPE '\\'");
            params.add("%" + split[i].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
    }

    /** The indexed expression; the query must repeat it exactly for PostgreSQL to use the index. */
    private String document(String table) {
        return "to_tsvector('" + config + "'::regconfig, " + table + "title || ' ' || COALESCE(" + table
                + "description, ''))";
    }

    @Override
    public String toString() {
        return config == null ? "portable" : "postgres:" + config;
    }
}
