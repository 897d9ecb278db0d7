package org.fixmyquarter.api.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;

import org.fixmyquarter.core.report.ReportStatus;
import org.fixmyquarter.spi.category.CategoryAttribute;
import org.junit.jupiter.api.Test;

/**
 * The mapping of statuses, date-times, the period of a list and the title of a posted request.
 */
class Open311MappingTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant NOW = Instant.parse("2025-06-02T08:00:00Z");

    private static Open311Parameters params(String query) {
        return Open311Parameters.parse(Open311Format.JSON, query, null);
    }

    @Test
    void statusesAreOpenOrClosed() {
        assertEquals("open", Open311Mapping.status(ReportStatus.OPEN));
        assertEquals("open", Open311Mapping.status(ReportStatus.IN_PROGRESS));
        assertEquals("closed", Open311Mapping.status(ReportStatus.RESOLVED));
        assertEquals("closed", Open311Mapping.status(ReportStatus.DUPLICATE));
        assertEquals("closed", Open311Mapping.status(ReportStatus.REJECTED));
        assertEquals(EnumSet.of(ReportStatus.OPEN, ReportStatus.IN_PROGRESS), Open311Mapping.statuses("open", null));
        assertEquals(EnumSet.of(ReportStatus.RESOLVED, ReportStatus.DUPLICATE, ReportStatus.REJECTED),
                Open311Mapping.statuses("Closed", null));
        assertEquals(EnumSet.allOf(ReportStatus.class), Open311Mapping.statuses("open,closed", null));
        assertEquals(EnumSet.allOf(ReportStatus.class), Open311Mapping.statuses(null, null));
        assertThrows(Open311Exception.class, () -> Open311Mapping.statuses("fixed", params("")));
    }

    @Test
    void aCategorysQuestionsAreServiceAttributesInBothFormats() {
        List<Object> attributes = Open311Mapping.attributes(List.of(
                new CategoryAttribute("pole-number", "The pole's number", CategoryAttribute.Datatype.STRING, false),
                new CategoryAttribute("severity", "How bad?", CategoryAttribute.Datatype.SINGLEVALUELIST, true,
                        List.of(new CategoryAttribute.Value("drip", "Dripping")))));
        assertEquals("[{\"variable\":true,\"code\":\"pole-number\",\"datatype\":\"string\",\"required\":false,"
                + "\"datatype_description\":null,\"order\":1,\"description\":\"The pole's number\",\"values\":[]},"
                + "{\"variable\":true,\"code\":\"severity\",\"datatype\":\"singlevaluelist\",\"required\":true,"
                + "\"datatype_description\":null,\"order\":2,\"description\":\"How bad?\","
                + "\"values\":[{\"key\":\"drip\",\"name\":\"Dripping\"}]}]",
                Open311Writer.write(Open311Format.JSON, "attributes", new Open311Writer.Items("attribute", attributes)));
        String xml = Open311Writer.write(Open311Format.XML, "attributes", new Open311Writer.Items("attribute",
                attributes));
        assertTrue(xml.contains("<attribute><variable>true</variable><code>severity</code><datatype>singlevaluelist"
                + "</datatype><required>true</required><datatype_description/><order>2</order><description>How bad?"
                + "</description><values><value><key>drip</key><name>Dripping</name></value></values></attribute>"), xml);
    }

    @Test
    void dateTimesCarryTheDeploymentsOffset() {
        assertEquals("2025-06-02T10:00:00+02:00", Open311Mapping.dateTime(Instant.parse("2025-06-02T08:00:00.123Z"),
                PARIS));
        assertEquals(Instant.parse("2025-06-01T22:00:00Z"),
                Open311Mapping.instant(params("start_date=2025-06-02T00:00:00%2B02:00"), "start_date", PARIS));
        assertEquals(Instant.parse("2025-06-01T22:00:00Z"),
                Open311Mapping.instant(params("start_date=2025-06-02T00:00:00Z"), "start_date", PARIS)
                        .minus(Duration.ofHours(2)));
        assertEquals(Instant.parse("2025-06-01T22:00:00Z"),
                Open311Mapping.instant(params("start_date=2025-06-02"), "start_date", PARIS));
        assertThrows(Open311Exception.class, () -> Open311Mapping.instant(params("start_date=yesterday"),
                "start_date", PARIS));
    }

    @Test
    void theWindowIsNinetyDaysByDefaultAndNeverMore() {
        Open311Mapping.Window window = Open311Mapping.window(params(""), PARIS, NOW);
        assertEquals(NOW.minus(Duration.ofDays(90)), window.from());
        assertEquals(NOW.plusSeconds(1), window.to());
        Open311Mapping.Window ending = Open311Mapping.window(params("end_date=2025-05-01T00:00:00Z"), PARIS, NOW);
        assertEquals(Instant.parse("2025-05-01T00:00:00Z").minus(Duration.ofDays(90)), ending.from());
        assertThrows(Open311Exception.class, () -> Open311Mapping.window(
                params("start_date=2025-01-01T00:00:00Z&end_date=2025-06-01T00:00:00Z"), PARIS, NOW));
        assertThrows(Open311Exception.class, () -> Open311Mapping.window(params("start_date=2024-01-01T00:00:00Z"),
                PARIS, NOW));
        assertThrows(Open311Exception.class, () -> Open311Mapping.window(
                params("start_date=2025-05-02T00:00:00Z&end_date=2025-05-01T00:00:00Z"), PARIS, NOW));
    }

    @Test
    void aTitleIsTheFirstLineCutAtAWord() {
        assertEquals("Deep hole", Open311Mapping.title("Deep hole\nnear the school", "Pothole", 120));
        assertEquals("Pothole", Open311Mapping.title(null, "Pothole", 120));
        assertEquals("Pothole", Open311Mapping.title("  ", "Pothole", 120));
        assertEquals("a very…", Open311Mapping.title("a very long line of words", "Pothole", 10));
    }
}
