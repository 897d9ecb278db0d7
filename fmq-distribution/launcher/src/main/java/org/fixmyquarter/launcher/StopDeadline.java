package org.fixmyquarter.launcher;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Bounds how long a stop (SIGTERM, Ctrl+C) takes. Open Liberty lets the requests in flight finish
 * for up to 30 s (its quiesce), then waits again for those still running before it stops the
 * application, so one client that sends its body slowly, or never, held a stop for over a minute.
 * The drain time ({@value #SETTING}) is what requests get; {@link #GRACE} more lets the
 * application and the database close; then the process ends regardless, with status 1, and says
 * so. What was committed stays: every commit is on disk before its answer leaves.
 */
final class StopDeadline {

    /** The setting: an ISO-8601 duration ({@code PT20S}) or a number of seconds. */
    static final String SETTING = "FMQ_DRAIN_TIMEOUT";

    /** Liberty's own longest quiesce. */
    static final Duration DEFAULT = Duration.ofSeconds(30);

    /** After the drain time: for the application to stop and the database to close. */
    static final Duration GRACE = Duration.ofSeconds(15);

    private static final Duration LONGEST = Duration.ofHours(1);

    private StopDeadline() {
    }

    /**
     * @param environment the settings
     * @return the drain time
     * @throws IllegalStateException naming the setting when its value is not a duration from 1 s to 1 h
     */
    static Duration drainTime(Map<String, String> environment) {
        String value = environment.get(SETTING);
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        Duration drain;
        try {
            String text = value.strip();
            drain = text.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(text))
                    : Duration.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            drain = null;
        }
        if (drain == null || drain.compareTo(Duration.ofSeconds(1)) < 0 || drain.compareTo(LONGEST) > 0) {
            throw new IllegalStateException(SETTING + "=" + value + " is not a drain time: give seconds (20) or an "
                    + "ISO-8601 duration (PT20S), from 1 second to 1 hour");
        }
        return drain;
    }

    /**
     * Stops the server as the JVM exits, and ends the process once the drain time and the grace
     * are over, whatever is still running.
     *
     * @param drain the drain time
     */
    static void stop(Duration drain) {
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(drain.plus(GRACE).toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("[fixmyquarter] Requests were still running " + drain.toSeconds() + " s (" + SETTING
                    + ") + " + GRACE.toSeconds() + " s after the stop began; the process ends without them");
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }, "fmq-stop-deadline");
        deadline.setDaemon(true);
        deadline.start();
        System.exit(0);
    }
}
