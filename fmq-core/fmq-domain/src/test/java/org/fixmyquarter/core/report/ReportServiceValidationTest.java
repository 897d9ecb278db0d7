package org.fixmyquarter.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.persistence.LockModeType;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.RecordingEntityManager;
import org.fixmyquarter.core.TestCategories;
import org.fixmyquarter.core.account.Role;
import org.fixmyquarter.core.error.ForbiddenException;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Cursors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Protects the input rules of {@link ReportService} without a database: invalid content, reasons
 * and list filters are refused with a {@link ValidationException} naming every bad field, with the
 * exact documented limits, and before anything reaches the {@link jakarta.persistence.EntityManager}
 * (a recording proxy that fails on any call). Valid input at each limit gets as far as the first
 * database call.
 */
class ReportServiceValidationTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123456789Z");
    private static final List<String> DEFAULT_CODES = List.of(
            "road", "lighting", "electricity", "water", "waste", "safety", "accessibility", "other");
    private static final Actor ALICE = Actor.citizen("user-1", "Alice");
    private static final Actor OPERATOR = Actor.of("op-1", "Roads team", Role.OPERATOR);

    private RecordingEntityManager recorder;
    private ReportService service;

    @BeforeEach
    void setUp() {
        recorder = new RecordingEntityManager();
        service = new ReportService(recorder.entityManager(), TestCategories.catalog(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static NewReport valid() {
        return new NewReport("Pothole on Main Street", "A deep hole near the bus stop", "road",
                52.52, 13.405, 15.0, "Main Street 1");
    }

    private static NewReport withTitle(String title) {
        NewReport v = valid();
        return new NewReport(title, v.description(), v.category(), v.latitude(), v.longitude(),
                v.accuracyMeters(), v.address());
    }

    private static NewReport withDescription(String description) {
        NewReport v = valid();
        return new NewReport(v.title(), description, v.category(), v.latitude(), v.longitude(),
                v.accuracyMeters(), v.address());
    }

    private static NewReport withCategory(String category) {
        NewReport v = valid();
        return new NewReport(v.title(), v.description(), category, v.latitude(), v.longitude(),
                v.accuracyMeters(), v.address());
    }

    private static NewReport withPosition(Double lat, Double lon) {
        NewReport v = valid();
        return new NewReport(v.title(), v.description(), v.category(), lat, lon, v.accuracyMeters(),
                v.address());
    }

    private static NewReport withAccuracy(Double accuracy) {
        NewReport v = valid();
        return new NewReport(v.title(), v.description(), v.category(), v.latitude(), v.longitude(),
                accuracy, v.address());
    }

    private static NewReport withAddress(String address) {
        NewReport v = valid();
        return new NewReport(v.title(), v.description(), v.category(), v.latitude(), v.longitude(),
                v.accuracyMeters(), address);
    }

    private static List<String> fields(ValidationException e) {
        return e.errors().stream().map(FieldError::field).toList();
    }

    private static String messageOf(ValidationException e, String field) {
        return e.errors().stream().filter(err -> err.field().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no error for " + field + " in " + e.errors()))
                .message();
    }

    /** Asserts create refuses the content, and that nothing reached the entity manager. */
    private ValidationException rejected(NewReport content) {
        ValidationException e = assertThrows(ValidationException.class, () -> service.create(content, ALICE));
        assertEquals(List.of(), recorder.methodNames(), "nothing may be written for invalid content");
        return e;
    }

    /** Asserts create accepts the content: validation passes and the report is handed to persist. */
    private Report accepted(NewReport content) {
        assertThrows(RecordingEntityManager.Touched.class, () -> service.create(content, ALICE),
                "valid content must get past validation");
        List<RecordingEntityManager.Call> calls = recorder.calls();
        assertEquals(List.of("persist"), calls.stream().map(RecordingEntityManager.Call::method).toList());
        return assertInstanceOf(Report.class, calls.get(0).args().get(0));
    }

    // ---- create: all at once ---------------------------------------------------------------

    @Test
    void createListsEveryBadFieldAtOnceInOrder() {
        NewReport bad = new NewReport("   ", "d".repeat(5001), "potholes", 90.5, -180.5, -1.0, "a".repeat(501));
        ValidationException e = rejected(bad);
        assertEquals(List.of("title", "description", "category", "location.lat", "location.lon",
                "location.accuracy", "location.address"), fields(e));
        for (String field : fields(e)) {
            assertTrue(e.getMessage().contains(field), () -> "message should mention " + field + ": "
                    + e.getMessage());
        }
    }

    @Test
    void createWithNothingFilledInReportsEveryRequiredField() {
        ValidationException e = rejected(new NewReport(null, null, null, null, null, null, null));
        assertEquals(List.of("title", "category", "location.address"), fields(e));
        assertEquals("is required", messageOf(e, "title"));
        assertTrue(messageOf(e, "location.address").startsWith("is required when there is no position"),
                e.getMessage());
    }

    @Test
    void validContentIsPersistedAsAnOpenReportWithNormalisedFields() {
        Report report = accepted(new NewReport("  Broken lamp  ", "   ", "lighting", -33.9, 151.2, null, " "));
        assertEquals("Broken lamp", report.getTitle());
        assertNull(report.getDescription(), "a blank description is stored as none");
        assertNull(report.getAddress(), "a blank address is stored as none");
        assertNull(report.getAccuracyMeters());
        assertEquals("lighting", report.getCategory());
        assertEquals(ReportStatus.OPEN, report.getStatus());
        assertEquals("user-1", report.getAuthorId());
        assertEquals("Alice", report.getAuthorName());
        assertEquals(NOW.truncatedTo(ChronoUnit.MICROS), report.getCreatedAt());
        assertEquals(report.getCreatedAt(), report.getUpdatedAt());
        assertEquals(22, report.getId().length(), report.getId());
    }

    // ---- title -------------------------------------------------------------------------------

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "   ", "\t\n"})
    void titleIsRequired(String title) {
        ValidationException e = rejected(withTitle(title));
        assertEquals(List.of("title"), fields(e));
        assertEquals("is required", messageOf(e, "title"));
    }

    @Test
    void titleOf200CharactersIsAccepted() {
        assertEquals("t".repeat(200), accepted(withTitle("t".repeat(200))).getTitle());
    }

    @Test
    void titleOf201CharactersIsRejected() {
        ValidationException e = rejected(withTitle("t".repeat(201)));
        assertEquals(List.of("title"), fields(e));
        assertEquals("must be at most 200 characters (it has 201)", messageOf(e, "title"));
    }

    @Test
    void titleLengthIsMeasuredAfterStripping() {
        assertEquals("t".repeat(200), accepted(withTitle("   " + "t".repeat(200) + " \n")).getTitle());
    }

    // ---- description -------------------------------------------------------------------------

    @Test
    void descriptionIsOptional() {
        assertNull(accepted(withDescription(null)).getDescription());
    }

    @Test
    void descriptionOf5000CharactersIsAccepted() {
        assertEquals(5000, accepted(withDescription(" " + "d".repeat(5000) + " ")).getDescription().length());
    }

    @Test
    void descriptionOf5001CharactersIsRejected() {
        ValidationException e = rejected(withDescription("d".repeat(5001)));
        assertEquals(List.of("description"), fields(e));
        assertTrue(messageOf(e, "description").contains("5000"), e.getMessage());
    }

    // ---- category ----------------------------------------------------------------------------

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void categoryIsRequiredAndTheChoicesAreListed(String category) {
        ValidationException e = rejected(withCategory(category));
        assertEquals(List.of("category"), fields(e));
        String message = messageOf(e, "category");
        assertTrue(message.startsWith("is required"), message);
        assertTrue(message.contains(String.join(", ", DEFAULT_CODES)), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"potholes", "Road", "ROAD", "road "})
    void unknownCategoryIsRejectedListingTheKnownCodes(String category) {
        ValidationException e = rejected(withCategory(category));
        assertEquals(List.of("category"), fields(e));
        String message = messageOf(e, "category");
        assertTrue(message.contains("'" + category + "'"), message);
        assertTrue(message.contains(String.join(", ", DEFAULT_CODES)), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"road", "lighting", "electricity", "water", "waste", "safety", "accessibility",
            "other"})
    void everyDefaultCategoryIsAccepted(String code) {
        assertEquals(code, accepted(withCategory(code)).getCategory());
    }

    // ---- location ----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(doubles = {-90, 90, 0, 52.52, -0.0})
    void latitudeWithinRangeIsAccepted(double lat) {
        assertEquals(Double.valueOf(lat), accepted(withPosition(lat, 13.4)).getLatitude());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-90.000001, 90.000001, -91, 180, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY})
    void latitudeOutOfRangeOrNaNIsRejected(double lat) {
        ValidationException e = rejected(withPosition(lat, 13.4));
        assertEquals(List.of("location.lat"), fields(e));
        assertTrue(messageOf(e, "location.lat").startsWith("must be between -90 and 90"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-180, 180, 0, 13.405})
    void longitudeWithinRangeIsAccepted(double lon) {
        assertEquals(Double.valueOf(lon), accepted(withPosition(52.5, lon)).getLongitude());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-180.000001, 180.000001, 360, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY})
    void longitudeOutOfRangeOrNaNIsRejected(double lon) {
        ValidationException e = rejected(withPosition(52.5, lon));
        assertEquals(List.of("location.lon"), fields(e));
        assertTrue(messageOf(e, "location.lon").startsWith("must be between -180 and 180"), e.getMessage());
    }

    @Test
    void missingCoordinatesAreRequired() {
        assertEquals(List.of("location.lat"), fields(rejected(withPosition(null, 13.4))));
        assertEquals(List.of("location.lon"), fields(rejected(withPosition(52.5, null))));
    }

    private static NewReport unlocated(Double accuracy, String address) {
        NewReport v = valid();
        return new NewReport(v.title(), v.description(), v.category(), null, null, accuracy, address);
    }

    @Test
    void withoutPositionAnAddressOrAreaIsEnough() {
        Report report = accepted(unlocated(null, "  Quartier Saint-Vincent, near the canal  "));
        assertFalse(report.hasPosition());
        assertNull(report.getLatitude());
        assertNull(report.getLongitude());
        assertEquals("Quartier Saint-Vincent, near the canal", report.getAddress());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\u00a0\u200b", " - , "})
    void withoutPositionTheAddressIsRequired(String address) {
        ValidationException e = rejected(unlocated(null, address));
        assertEquals(List.of("location.address"), fields(e));
        assertEquals("is required when there is no position: give location.lat and location.lon, or an address, "
                + "a landmark or the name of an area", messageOf(e, "location.address"));
    }

    @Test
    void accuracyWithoutPositionIsRejected() {
        ValidationException e = rejected(unlocated(10.0, "Quartier Saint-Vincent"));
        assertEquals(List.of("location.accuracy"), fields(e));
        assertTrue(messageOf(e, "location.accuracy").startsWith("describes a position"), e.getMessage());
    }

    @Test
    void withPositionTheReportHasOne() {
        assertTrue(accepted(valid()).hasPosition());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 100_000})
    void accuracyWithinRangeIsAccepted(double accuracy) {
        assertEquals(accuracy, accepted(withAccuracy(accuracy)).getAccuracyMeters());
    }

    @Test
    void accuracyIsOptional() {
        assertNull(accepted(withAccuracy(null)).getAccuracyMeters());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.001, -1, 100_000.001, 1e9, Double.NaN, Double.POSITIVE_INFINITY})
    void accuracyOutOfRangeOrNaNIsRejected(double accuracy) {
        ValidationException e = rejected(withAccuracy(accuracy));
        assertEquals(List.of("location.accuracy"), fields(e));
        assertEquals("must be between 0 and 100000 metres", messageOf(e, "location.accuracy"));
    }

    @Test
    void addressOf500CharactersIsAccepted() {
        assertEquals("a".repeat(500), accepted(withAddress("  " + "a".repeat(500) + "  ")).getAddress());
    }

    @Test
    void addressOf501CharactersIsRejected() {
        ValidationException e = rejected(withAddress("a".repeat(501)));
        assertEquals(List.of("location.address"), fields(e));
        assertTrue(messageOf(e, "location.address").contains("500"), e.getMessage());
    }

    @Test
    void addressIsOptional() {
        assertNull(accepted(withAddress(null)).getAddress());
    }

    // ---- changeStatus ------------------------------------------------------------------------

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t \n"})
    void changeStatusRequiresAReason(String reason) {
        ValidationException e = assertThrows(ValidationException.class,
                () -> service.changeStatus("some-report-id", ReportStatus.RESOLVED, reason, OPERATOR));
        assertEquals(List.of("reason"), fields(e));
        assertEquals(List.of(), recorder.methodNames(), "the report must not even be looked up");
    }

    @Test
    void changeStatusRejectsAReasonOver1000Characters() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> service.changeStatus("some-report-id", ReportStatus.RESOLVED, "r".repeat(1001), OPERATOR));
        assertEquals(List.of("reason"), fields(e));
        assertTrue(messageOf(e, "reason").contains("1000"), e.getMessage());
        assertEquals(List.of(), recorder.methodNames());
    }

    @Test
    void changeStatusAcceptsAReasonOf1000CharactersAndLocksTheReport() {
        assertThrows(RecordingEntityManager.Touched.class, () -> service.changeStatus("some-report-id",
                ReportStatus.RESOLVED, "  " + "r".repeat(1000) + "  ", OPERATOR));
        List<RecordingEntityManager.Call> calls = recorder.calls();
        assertEquals(List.of("find"), calls.stream().map(RecordingEntityManager.Call::method).toList());
        assertEquals(List.of(Report.class, "some-report-id", LockModeType.PESSIMISTIC_WRITE), calls.get(0).args());
    }

    @Test
    void changeStatusOfANullIdIsNotFoundWithoutAQuery() {
        assertThrows(NotFoundException.class,
                () -> service.changeStatus(null, ReportStatus.RESOLVED, "fixed", OPERATOR));
        assertEquals(List.of(), recorder.methodNames());
    }

    @Test
    void aCitizenOrAnonymousIsRefusedAStatusChangeBeforeAnyQuery() {
        for (Actor refused : List.of(ALICE, Actor.anonymous(), new Actor("system", "No roles"))) {
            ForbiddenException e = assertThrows(ForbiddenException.class,
                    () -> service.changeStatus("some-report-id", ReportStatus.RESOLVED, "fixed", refused));
            assertEquals("problem.role-required.detail", e.messageKey());
            assertEquals(List.of("moderator, operator, administrator"), e.messageArgs());
        }
        assertEquals(List.of(), recorder.methodNames());
    }

    @Test
    void aMissingStatusIsAFieldErrorNotANullPointer() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> service.changeStatus("some-report-id", null, "fixed", OPERATOR));
        assertEquals("status", e.errors().get(0).field());
        assertEquals(List.of(), recorder.methodNames());
    }

    @Test
    void aMissingContentOrActorIsAClearIllegalArgumentNotANullPointer() {
        IllegalArgumentException content = assertThrows(IllegalArgumentException.class,
                () -> service.create(null, ALICE));
        assertTrue(content.getMessage().contains("content is required"), content.getMessage());
        IllegalArgumentException actor = assertThrows(IllegalArgumentException.class,
                () -> service.create(new NewReport("Hole", null, "road", 1.0, 2.0, null, null), null));
        assertTrue(actor.getMessage().contains("Actor.anonymous()"), actor.getMessage());
        assertEquals(List.of(), recorder.methodNames());
    }

    @Test
    void getOfANullIdIsNotFoundWithoutAQuery() {
        assertThrows(NotFoundException.class, () -> service.get(null));
        assertEquals(List.of(), recorder.methodNames());
    }

    // ---- list --------------------------------------------------------------------------------

    private ValidationException listRejected(ReportFilter filter) {
        ValidationException e = assertThrows(ValidationException.class, () -> service.list(filter));
        assertEquals(List.of(), recorder.methodNames(), "no query may run for an invalid filter");
        return e;
    }

    private void listAccepted(ReportFilter filter) {
        assertThrows(RecordingEntityManager.Touched.class, () -> service.list(filter),
                "a valid filter must get as far as the query");
        assertEquals(List.of("createNativeQuery"), recorder.methodNames());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 101, -1, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void listRejectsALimitOutOf1To100(int limit) {
        ValidationException e = listRejected(new ReportFilter(null, null, null, limit));
        assertEquals(List.of("limit"), fields(e));
        assertEquals("must be between 1 and 100", messageOf(e, "limit"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, ReportFilter.DEFAULT_LIMIT, 100})
    void listAcceptsALimitOf1To100(int limit) {
        listAccepted(new ReportFilter(null, null, null, limit));
    }

    @Test
    void listRejectsAnUnknownCategoryListingTheKnownCodes() {
        ValidationException e = listRejected(new ReportFilter(null, "potholes", null, 20));
        assertEquals(List.of("category"), fields(e));
        String message = messageOf(e, "category");
        assertTrue(message.contains("'potholes'"), message);
        assertTrue(message.contains(String.join(", ", DEFAULT_CODES)), message);
    }

    @Test
    void listReportsLimitAndCategoryTogether() {
        ValidationException e = listRejected(new ReportFilter(null, "potholes", null, 0));
        assertEquals(List.of("limit", "category"), fields(e));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a cursor!", "%%%", "", "aGVsbG8"})
    void listRejectsAGarbageCursor(String cursor) {
        ValidationException e = listRejected(new ReportFilter(null, null, cursor, 20));
        assertEquals(List.of("cursor"), fields(e));
    }

    @Test
    void listAcceptsAKnownCategoryStatusAndAnIssuedCursor() {
        listAccepted(new ReportFilter(ReportStatus.OPEN, "water",
                Cursors.encode(NOW.truncatedTo(ChronoUnit.MICROS), "abcDEF123_-xyz"), 20));
    }
}
