package org.fixmyquarter.core.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import org.fixmyquarter.core.error.ValidationException;

/**
 * Opaque page cursors: a position in (creation time, id) order, encoded so clients treat it as a
 * token rather than build their own.
 */
public final class Cursors {

    private static final String VERSION = "c1";
    private static final String VOTES_VERSION = "v1";
    private static final String DISTANCE_VERSION = "d1";
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * A decoded position: the last report of the previous page.
     *
     * @param createdAt its creation time
     * @param id        its id, which breaks ties between reports created in the same microsecond
     */
    public record Position(Instant createdAt, String id) {
    }

    private Cursors() {
    }

    /**
     * @param createdAt creation time of the last report on the page
     * @param id        id of the last report on the page
     * @return the cursor to send to the client
     */
    public static String encode(Instant createdAt, String id) {
        return token(VERSION + "|" + micros(createdAt) + "|" + id);
    }

    /**
     * @param cursor a cursor from {@link #encode}
     * @return the position it marks
     * @throws ValidationException naming the {@code cursor} field if it was not issued by us
     */
    public static Position decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[2].isEmpty()) {
                throw invalid();
            }
            return new Position(instant(parts[1]), parts[2]);
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            throw invalid();
        }
    }

    /**
     * A decoded position in "most votes first" order.
     *
     * @param votes    the vote count of the last report of the previous page
     * @param position its creation time and id, which order reports with equal votes
     */
    public record VotesPosition(int votes, Position position) {
    }

    /**
     * @param votes     vote count of the last report on the page
     * @param createdAt its creation time
     * @param id        its id
     * @return the cursor of the next page in "most votes first" order
     */
    public static String encode(int votes, Instant createdAt, String id) {
        return token(VOTES_VERSION + "|" + votes + "|" + micros(createdAt) + "|" + id);
    }

    /**
     * One page of a keyset query that fetched one row more than the page holds: the extra row
     * tells whether another page follows, without a count query.
     *
     * @param items the page's rows
     * @param next  the cursor of the following page, or {@code null} on the last
     * @param <T>   the row type
     */
    public record Slice<T>(List<T> items, String next) {
    }

    /**
     * @param rows     up to {@code limit + 1} rows, in page order
     * @param limit    the page size
     * @param cursorOf the cursor that continues after a row
     * @param <T>      the row type
     * @return the first {@code limit} rows and, if there was one more, the cursor after the last
     */
    public static <T> Slice<T> slice(List<T> rows, int limit, Function<T, String> cursorOf) {
        if (rows.size() <= limit) {
            return new Slice<>(List.copyOf(rows), null);
        }
        List<T> page = List.copyOf(rows.subList(0, limit));
        return new Slice<>(page, cursorOf.apply(page.get(page.size() - 1)));
    }

    /**
     * @param limit a requested page size
     * @param max   the largest allowed
     * @throws ValidationException naming {@code limit} if it is not between 1 and {@code max}
     */
    public static void checkLimit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw ValidationException.of("limit", "validation.range", "must be between 1 and " + max, 1, max);
        }
    }

    /** Not ChronoUnit.MICROS.between: it counts in nanoseconds and overflows beyond 2262. */
    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    private static String token(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param cursor a cursor from {@link #encode(int, Instant, String)}
     * @return the position it marks
     * @throws ValidationException naming the {@code cursor} field if it was not issued for this order
     */
    public static VotesPosition decodeVotes(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 4 || !VOTES_VERSION.equals(parts[0]) || parts[3].isEmpty()) {
                throw invalid();
            }
            return new VotesPosition(Integer.parseInt(parts[1]), new Position(instant(parts[2]), parts[3]));
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            throw invalid();
        }
    }

    /**
     * A decoded position in "nearest first" order.
     *
     * @param metres the distance of the last report of the previous page from the centre
     * @param id     its id, which orders reports at the same distance
     */
    public record DistancePosition(double metres, String id) {
    }

    /**
     * @param metres distance of the last report on the page, exactly as the database computed it
     * @param id     its id
     * @return the cursor of the next page in "nearest first" order
     */
    public static String encode(double metres, String id) {
        // The exact bits: the next page compares against the database's own value, so no rounding.
        return token(DISTANCE_VERSION + "|" + Long.toHexString(Double.doubleToLongBits(metres)) + "|" + id);
    }

    /**
     * @param cursor a cursor from {@link #encode(double, String)}
     * @return the position it marks
     * @throws ValidationException naming the {@code cursor} field if it was not issued for this order
     */
    public static DistancePosition decodeDistance(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 3 || !DISTANCE_VERSION.equals(parts[0]) || parts[2].isEmpty()) {
                throw invalid();
            }
            double metres = Double.longBitsToDouble(Long.parseUnsignedLong(parts[1], 16));
            if (!(metres >= 0)) {
                throw invalid();
            }
            return new DistancePosition(metres, parts[2]);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    /** A time a cursor carries, within the years a database stores: a forged one is refused, not sent. */
    private static Instant instant(String micros) {
        Instant instant = Instant.EPOCH.plus(Long.parseLong(micros), ChronoUnit.MICROS);
        if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
            throw invalid();
        }
        return instant;
    }

    private static ValidationException invalid() {
        return ValidationException.of("cursor", "validation.cursor",
                "is not a cursor this server issued; request the first page without it");
    }
}
