package org.fixmyquarter.core.area;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.internal.Ids;

/**
 * Area routing by PostGIS, where the database has the extension; never required. At start-up
 * {@link #prepare} gives {@code fmq_area} a geometry column that PostgreSQL computes from the
 * stored GeoJSON (a generated column, so every import, change and retirement keeps it, whoever
 * writes the row) and a GiST index on it; routing then asks the database for the live areas that
 * {@code ST_Covers} the point, the same border rule as JTS's {@code covers}.
 *
 * <p>Not a migration: the column's type exists only where PostGIS is installed, and the same
 * migrations must run on H2 and on PostgreSQL with or without it.
 */
public final class PostgisAreas {

    /** The geometry column the server adds beside the GeoJSON text. */
    public static final String COLUMN = "geom";

    private static final Logger LOG = Logger.getLogger(PostgisAreas.class.getName());
    private static final String COLUMN_EXISTS = "SELECT COUNT(*) FROM information_schema.columns"
            + " WHERE table_schema = CURRENT_SCHEMA AND LOWER(table_name) = 'fmq_area' AND LOWER(column_name) = '"
            + COLUMN + "'";

    private PostgisAreas() {
    }

    /**
     * Makes area routing use PostGIS when the database has the {@code postgis} extension: adds the
     * geometry column and its index when they are missing (the table is rewritten once, under a
     * lock of at most a few seconds' wait). On PostgreSQL, with the extension or without, it
     * tells every server to read the areas again, and with them this choice. Does nothing on
     * another database.
     *
     * @param connection a connection to the migrated database, in auto-commit
     * @return whether routing uses PostGIS on this database
     * @throws SQLException if the column or the index cannot be made
     */
    public static boolean prepare(Connection connection) throws SQLException {
        if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
            return false;
        }
        // Every server reads the areas again, and with them whether PostGIS serves them: also when
        // the extension was dropped since (which drops the column with it).
        newGeneration(connection);
        if (!exists(connection, "SELECT COUNT(*) FROM pg_extension WHERE extname = 'postgis'")) {
            LOG.info("Area routing: in memory (the database has no PostGIS extension)");
            return false;
        }
        if (!exists(connection, COLUMN_EXISTS)) {
            try (Statement statement = connection.createStatement()) {
                LOG.info("Area routing: adding the PostGIS column fmq_area." + COLUMN + " and its index");
                statement.execute("SET lock_timeout = '5s'");
                try {
                    statement.execute("ALTER TABLE fmq_area ADD COLUMN IF NOT EXISTS " + COLUMN
                            + " geometry GENERATED ALWAYS AS (ST_GeomFromGeoJSON(geometry)) STORED");
                } finally {
                    statement.execute("RESET lock_timeout");
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            // Live areas only: retired ones route nothing.
            statement.execute("CREATE INDEX IF NOT EXISTS fmq_area_geom_idx ON fmq_area USING gist (" + COLUMN
                    + ") WHERE retired_at IS NULL");
        }
        // Again: a server may have read the areas between the first token and the column.
        newGeneration(connection);
        LOG.info("Area routing: PostGIS (ST_Covers on fmq_area." + COLUMN + ", GiST index)");
        return true;
    }

    /** Whether {@link #prepare} made the column in this database: the snapshot of areas asks once per generation. */
    static boolean inUse(EntityManager em) {
        List<?> count = em.createNativeQuery(COLUMN_EXISTS).getResultList();
        return !count.isEmpty() && ((Number) count.get(0)).intValue() > 0;
    }

    /** The live areas covering the point, by the GiST index. */
    static List<String> areasAt(EntityManager em, double latitude, double longitude) {
        List<?> rows = em.createNativeQuery("SELECT id FROM fmq_area WHERE retired_at IS NULL AND ST_Covers(" + COLUMN
                + ", ST_SetSRID(ST_MakePoint(?1, ?2), 4326))")
                .setParameter(1, longitude).setParameter(2, latitude).getResultList();
        List<String> ids = new ArrayList<>(rows.size());
        rows.forEach(id -> ids.add((String) id));
        return ids;
    }

    private static void newGeneration(Connection connection) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE fmq_area_generation SET token = ? WHERE id = 1")) {
            update.setString(1, Ids.newId());
            update.executeUpdate();
        }
    }

    private static boolean exists(Connection connection, String countQuery) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(countQuery)) {
            return row.next() && row.getLong(1) > 0;
        }
    }
}
