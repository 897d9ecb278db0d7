package org.fixmyquarter.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The grid of map clusters: a cell of about 64 pixels at each zoom, and the count of cells that
 * bounds a request's work.
 */
class ReportGridTest {

    @Test
    void aCellIsAQuarterOfATile() {
        assertEquals(90.0, ReportGrid.cellDegrees(0), "zoom 0: the world is one tile of 360 degrees");
        assertEquals(360.0 / 8192 / 4, ReportGrid.cellDegrees(13), 1e-15);
        assertEquals(360.0 / (1 << 22) / 4, ReportGrid.cellDegrees(22), 1e-18);
    }

    @Test
    void aZoomOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ReportGrid.cellDegrees(-1));
        assertThrows(IllegalArgumentException.class, () -> ReportGrid.cellDegrees(23));
    }

    @Test
    void cellsCountEveryCellTheRectangleTouches() {
        assertEquals(15, ReportGrid.cells(new ReportFilter.Box(-180, -90, 180, 90), 0),
                "4 columns and 2 rows, plus the column of 180 and the row of 90 on the far edges");
        // At zoom 1 a cell is 45 degrees: 0..44.9 lies in one column and one row.
        assertEquals(1, ReportGrid.cells(new ReportFilter.Box(0, 0, 44.9, 44.9), 1));
        assertEquals(4, ReportGrid.cells(new ReportFilter.Box(-1, -1, 1, 1), 1), "a rectangle across the origin");
    }

    @Test
    void aCityScreenAtStreetZoomIsFarBelowTheLimitAndACountryIsAbove() {
        // Paris on a 1920 x 1080 screen at zoom 15: about 0.066 x 0.023 degrees.
        long city = ReportGrid.cells(new ReportFilter.Box(2.32, 48.845, 2.386, 48.868), 15);
        assertTrue(city < 1000, city + " cells");
        long france = ReportGrid.cells(new ReportFilter.Box(-5, 42, 8, 51), 15);
        assertTrue(france > ReportGrid.MAX_CELLS, france + " cells");
    }
}
