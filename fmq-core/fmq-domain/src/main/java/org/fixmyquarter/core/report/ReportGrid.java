package org.fixmyquarter.core.report;

/**
 * The square grid that map clusters are counted in: at each zoom level of a web map (256-pixel
 * tiles, zoom 0 showing the whole world in one tile), a cell is about 64 screen pixels wide, so
 * that the markers of two neighbouring cells do not overlap.
 *
 * <p>Cells are aligned on the origin (longitude 0, latitude 0): cell {@code (x, y)} covers the
 * longitudes {@code [x * size, (x + 1) * size)} and the latitudes {@code [y * size, (y + 1) * size)}.
 * The grid is in degrees, not in the map's Mercator projection, so cells look taller than wide
 * far from the equator; a cluster is still drawn at the mean position of its reports.
 */
public final class ReportGrid {

    /** The lowest zoom level: the whole world in one 256-pixel tile. */
    public static final int MIN_ZOOM = 0;

    /** The highest zoom level web maps use (a few centimetres a pixel). */
    public static final int MAX_ZOOM = 22;

    /** Cells per 256-pixel tile side: one cell is 64 pixels. */
    public static final int CELLS_PER_TILE = 4;

    /**
     * The most cells one request may span: a large screen at its zoom spans a few thousand, so
     * this is only reached by a rectangle far larger than the map that asks.
     */
    public static final long MAX_CELLS = 20_000;

    private ReportGrid() {
    }

    /**
     * @param zoom a zoom level, {@link #MIN_ZOOM} to {@link #MAX_ZOOM}
     * @return the side of a cell at that zoom, in degrees: {@code 360 / 2^zoom / CELLS_PER_TILE}
     * @throws IllegalArgumentException for a zoom out of range
     */
    public static double cellDegrees(int zoom) {
        checkZoom(zoom);
        return 360.0 / (1L << zoom) / CELLS_PER_TILE;
    }

    /**
     * @param box  a rectangle of the map, west not beyond east, south not beyond north
     * @param zoom a zoom level, {@link #MIN_ZOOM} to {@link #MAX_ZOOM}
     * @return how many cells of that zoom's grid the rectangle touches, edges included
     * @throws IllegalArgumentException for a zoom out of range
     */
    public static long cells(ReportFilter.Box box, int zoom) {
        double size = cellDegrees(zoom);
        long columns = (long) Math.floor(box.maxLon() / size) - (long) Math.floor(box.minLon() / size) + 1;
        long rows = (long) Math.floor(box.maxLat() / size) - (long) Math.floor(box.minLat() / size) + 1;
        return columns * rows;
    }

    private static void checkZoom(int zoom) {
        if (zoom < MIN_ZOOM || zoom > MAX_ZOOM) {
            throw new IllegalArgumentException("zoom must be " + MIN_ZOOM + " to " + MAX_ZOOM + ", not " + zoom);
        }
    }
}
