package org.fixmyquarter.core.internal;

/**
 * Distances on the Earth, taken as a sphere of the mean radius: the error stays under 0.5%, far
 * below the accuracy of a phone's position.
 */
public final class GreatCircle {

    /** Mean Earth radius, in metres. */
    public static final double EARTH_RADIUS_M = 6_371_008.8;

    private GreatCircle() {
    }

    /**
     * @return the distance between two WGS84 positions, in metres (haversine formula, stable for
     *         the short distances of a neighbourhood)
     */
    public static double metres(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /**
     * The latitude and longitude ranges that contain every point within {@code radius} metres of a
     * position, for an indexed prefilter before the exact distance.
     *
     * @return {minLat, maxLat, minLon, maxLon}; the whole longitude range near the poles or across
     *         the antimeridian
     */
    public static double[] box(double lat, double lon, double radiusMetres) {
        double dLat = Math.toDegrees(radiusMetres / EARTH_RADIUS_M);
        double minLat = Math.max(-90, lat - dLat);
        double maxLat = Math.min(90, lat + dLat);
        double cos = Math.cos(Math.toRadians(Math.max(Math.abs(minLat), Math.abs(maxLat))));
        if (cos < 1e-6 || maxLat >= 90 || minLat <= -90) {
            return new double[] {minLat, maxLat, -180, 180};
        }
        double dLon = Math.toDegrees(radiusMetres / (EARTH_RADIUS_M * cos));
        if (lon - dLon < -180 || lon + dLon > 180) {
            return new double[] {minLat, maxLat, -180, 180};
        }
        return new double[] {minLat, maxLat, lon - dLon, lon + dLon};
    }
}
