package org.fixmyquarter.core.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the words of a text search are matched against a report's title, description and address.
 *
 * <p>On PostgreSQL, full-text search with a text search configuration such as {@code french}:
 * words match whatever their ending ("lampadaires" finds "lampadaire"). Either on a
 * {@linkplain #postgresStored(String) stored column} holding each report's words, kept by
 * PostgreSQL itself and indexed with GIN, or on an {@linkplain #postgres(String) expression} that
 * the query computes and a GIN index repeats. The statements that create what the query reads come
 * from here, so that they cannot disagree ({@link #postgresColumnStatement()},
 * {@link #postgresIndexStatement()}). Elsewhere (H2, the default of an embedding program), a
 * {@linkplain #portable() portable} match: every word must appear, case aside.
 *
 * <p>The stored column is what the server uses: a search newest first that PostgreSQL answers by
 * walking the newest reports then only compares each one's stored words, where the expression
 * had to be computed again for every report walked (about 7 microseconds each; a search for a
 * word in one report of a hundred walked thousands).
 */
public final class TextSearch {

    /** PostgreSQL's configurations for the languages the built-in packs translate. */
    private static final Map<String, String> CONFIGS = Map.of("en", "english", "fr", "french", "es", "spanish",
            "de", "german", "pt", "portuguese", "ar", "arabic");
    private static final Pattern CONFIG_NAME = Pattern.compile("[a-z_]{1,63}");
    /** A portable search of more words would only be slower, not better. */
    static final int PORTABLE_WORDS_MAX = 8;

    private final String config;
    private final boolean stored;

    private TextSearch(String config, boolean stored) {
        this.config = config;
        this.stored = stored;
    }

    /** @return a match that works on every database: each word must appear, case aside */
    public static TextSearch portable() {
        return new TextSearch(null, false);
    }

    /**
     * @param config a PostgreSQL text search configuration, such as {@code english}, {@code french}
     *               or {@code simple} (no stemming)
     * @return PostgreSQL full-text search with it
     * @throws IllegalArgumentException if the name cannot be a configuration's
     */
    public static TextSearch postgres(String config) {
        return new TextSearch(checked(config), false);
    }

    /**
     * @param config a PostgreSQL text search configuration, as for {@link #postgres(String)}
     * @return PostgreSQL full-text search on the stored column of that configuration's words, which
     *         {@link #postgresColumnStatement()} adds (PostgreSQL 12 or later)
     * @throws IllegalArgumentException if the name cannot be a configuration's
     */
    public static TextSearch postgresStored(String config) {
        return new TextSearch(checked(config), true);
    }

    private static String checked(String config) {
        Objects.requireNonNull(config, "config");
        if (!CONFIG_NAME.matcher(config).matches()) {
            throw new IllegalArgumentException("not a text search configuration name: " + config);
        }
        return config;
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

    /** @return whether the words are read from a stored column rather than computed by the query */
    public boolean stored() {
        return stored;
    }

    /**
     * @return the stored column of the configuration's words, such as {@code text_french}
     * @throws IllegalStateException unless this search reads one
     */
    public String postgresColumn() {
        if (!stored) {
            throw new IllegalStateException("this text search reads no stored column: " + this);
        }
        return "text_" + config;
    }

    /**
     * @return the statement that adds the stored column of the words, computed by PostgreSQL for
     *         every report written. Adding it rewrites the whole table under an exclusive lock
     *         (reads and writes of reports wait: about 45 seconds for a million reports on a
     *         2-core machine); instant when the column exists
     * @throws IllegalStateException unless this search reads a stored column
     */
    public String postgresColumnStatement() {
        return "ALTER TABLE fmq_report ADD COLUMN IF NOT EXISTS " + postgresColumn()
                + " tsvector GENERATED ALWAYS AS (" + document("") + ") STORED";
    }

    /**
     * @return the name of the GIN index this search reads
     * @throws IllegalStateException for the portable match, which has none
     */
    public String postgresIndexName() {
        if (config == null) {
            throw new IllegalStateException("the portable text search uses no index");
        }
        return stored ? "fmq_report_" + postgresColumn() + "_col_idx" : "fmq_report_text_" + config + "_idx";
    }

    /**
     * @return the statement that creates the index full-text search uses, idempotent and without
     *         blocking writes (so it must run outside a transaction); named after the
     *         configuration, so changing it builds a new index beside the old one
     * @throws IllegalStateException for the portable match, which has none
     */
    public String postgresIndexStatement() {
        return "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + postgresIndexName() + " ON fmq_report USING GIN ("
                + (stored ? postgresColumn() : document("")) + ")";
    }

    /**
     * Appends the SQL condition that {@code words} match, and its parameters.
     *
     * @param sql    the query being built, on {@code fmq_report r}
     * @param params its parameters, in order
     * @param words  what the client typed
     */
    void appendCondition(StringBuilder sql, List<Object> params, String words) {
        if (stored) {
            // A sub-select, so that the words are parsed once per query: in the generic plan the
            // JDBC driver's prepared statements get after a few runs, plainto_tsquery(?) is not folded
            // into a constant and ran again for every report walked (2x the database's work).
            sql.append(" AND r.").append(postgresColumn()).append(" @@ (SELECT plainto_tsquery('").append(config)
                    .append("', ?))");
            params.add(words);
            return;
        }
        if (config != null) {
            sql.append(" AND ").append(document("r.")).append(" @@ plainto_tsquery('").append(config).append("', ?)");
            params.add(words);
            return;
        }
        String[] split = words.toLowerCase(Locale.ROOT).trim().split("\\s+");
        for (int i = 0; i < Math.min(split.length, PORTABLE_WORDS_MAX); i++) {
            sql.append(" AND LOWER(r.title || ' ' || COALESCE(r.description, '') || ' ' || COALESCE(r.address, ''))"
                    + " LIKE ? ESCAPE '\\'");
            params.add("%" + split[i].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
    }

    /**
     * The indexed expression; the query must repeat it exactly for PostgreSQL to use the index. The
     * address is part of it: it is the only place a report made without a position has. The server
     * finds the stored column and the indexes by name only, so a change of this expression needs
     * new names, or a database that has them keeps the old words.
     */
    private String document(String table) {
        return "to_tsvector('" + config + "'::regconfig, " + table + "title || ' ' || COALESCE(" + table
                + "description, '') || ' ' || COALESCE(" + table + "address, ''))";
    }

    @Override
    public String toString() {
        return config == null ? "portable" : (stored ? "postgres-stored:" : "postgres:") + config;
    }
}
