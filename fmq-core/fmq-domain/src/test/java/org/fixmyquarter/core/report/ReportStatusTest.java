package org.fixmyquarter.core.report;

import static org.fixmyquarter.core.report.ReportStatus.DUPLICATE;
import static org.fixmyquarter.core.report.ReportStatus.IN_PROGRESS;
import static org.fixmyquarter.core.report.ReportStatus.OPEN;
import static org.fixmyquarter.core.report.ReportStatus.REJECTED;
import static org.fixmyquarter.core.report.ReportStatus.RESOLVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Protects the report workflow and the status names clients and the database use: the complete
 * transition table (checked pair by pair), that no status moves to itself, and the mapping between
 * statuses and their wire names.
 */
class ReportStatusTest {

    private static final Map<ReportStatus, Set<ReportStatus>> ALLOWED = Map.of(
            OPEN, EnumSet.of(IN_PROGRESS, RESOLVED, DUPLICATE, REJECTED),
            IN_PROGRESS, EnumSet.of(OPEN, RESOLVED, DUPLICATE, REJECTED),
            RESOLVED, EnumSet.of(OPEN),
            DUPLICATE, EnumSet.of(OPEN),
            REJECTED, EnumSet.of(OPEN));

    static Stream<Arguments> everyPair() {
        return Arrays.stream(ReportStatus.values())
                .flatMap(from -> Arrays.stream(ReportStatus.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void transitionTable(ReportStatus from, ReportStatus to) {
        assertEquals(ALLOWED.get(from).contains(to), from.canMoveTo(to), from + " -> " + to);
    }

    @ParameterizedTest
    @EnumSource(ReportStatus.class)
    void allowedTargetsMatchTheTable(ReportStatus status) {
        assertEquals(ALLOWED.get(status), status.allowedTargets());
    }

    @ParameterizedTest
    @EnumSource(ReportStatus.class)
    void neverMovesToItself(ReportStatus status) {
        assertFalse(status.canMoveTo(status));
        assertFalse(status.allowedTargets().contains(status));
    }

    @ParameterizedTest
    @EnumSource(value = ReportStatus.class, names = {"RESOLVED", "DUPLICATE", "REJECTED"})
    void closedReportsCanOnlyBeReopened(ReportStatus closed) {
        assertEquals(Set.of(OPEN), closed.allowedTargets());
    }

    @ParameterizedTest
    @EnumSource(ReportStatus.class)
    void changingTheReturnedSetDoesNotChangeTheWorkflow(ReportStatus status) {
        try {
            status.allowedTargets().clear();
        } catch (UnsupportedOperationException immutable) {
            // an unmodifiable set is fine too
        }
        assertEquals(ALLOWED.get(status), status.allowedTargets());
    }

    @Test
    void wireNamesAreTheDocumentedOnes() {
        assertEquals("open", OPEN.wireName());
        assertEquals("in_progress", IN_PROGRESS.wireName());
        assertEquals("resolved", RESOLVED.wireName());
        assertEquals("duplicate", DUPLICATE.wireName());
        assertEquals("rejected", REJECTED.wireName());
        assertEquals("open, in_progress, resolved, duplicate, rejected", ReportStatus.wireNames());
    }

    @ParameterizedTest
    @EnumSource(ReportStatus.class)
    void fromWireNameRoundTrips(ReportStatus status) {
        assertEquals(Optional.of(status), ReportStatus.fromWireName(status.wireName()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"done", "IN_PROGRESS", "OPEN", "Open", "in-progress", "inprogress", " open",
            "open ", ""})
    void fromWireNameIsEmptyForUnknownNames(String name) {
        assertTrue(ReportStatus.fromWireName(name).isEmpty(), name);
    }
}
