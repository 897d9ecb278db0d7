package org.fixmyquarter.core.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import org.fixmyquarter.core.error.ValidationException;

/**
 * Opaque page cursors: a position in (creation time, id) order, encoded so clients treat it as a
 * token rather than build their own.
 */
public final class Cursors {

    private static final String VERSION = "c1";
    private static final String VOTES_VERSION = "v1";

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
        // Not ChronoUnit.MICROS.between: it counts in nanoseconds and overflows beyond 2262.
        long micros = Math.addExact(Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L),
                createdAt.getNano() / 1000);
        String raw = VERSION + "|" + micros + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
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
            Instant createdAt = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
            return new Position(createdAt, parts[2]);
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            throw invalid();
        }
    }

    /**
     * A decoded position in "most votes first" order.
     *
     * @param votes     the vote count of the last report of the previous page
     * @param createdAt its creation time
     * @param id        its id
     */
    public record VotesPosition(int votes, Instant createdAt, String id) {
    }

    /**
     * @param votes     vote count of the last report on the page
     * @param createdAt its creation time
     * @param id        its id
     * @return the cursor of the next page in "most votes first" order
     */
    public static String encode(int votes, Instant createdAt, String id) {
        String inner = new String(Base64.getUrlDecoder().decode(encode(createdAt, id)), StandardCharsets.UTF_8);
        String raw = VOTES_VERSION + "|" + votes + "|" + inner.substring(VERSION.length() + 1);
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
            return new VotesPosition(Integer.parseInt(parts[1]),
                    Instant.EPOCH.plus(Long.parseLong(parts[2]), ChronoUnit.MICROS), parts[3]);
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            throw invalid();
        }
    }

    private static ValidationException invalid() {
        return ValidationException.of("cursor", "validation.cursor",
                "is not a cursor this server issued; request the first page without it");
    }
}
