package org.fixmyquarter.api.site;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fixmyquarter.core.report.ReportGrid;

/**
 * The deployment's own settings of the web page, checked: its name, the map's starting centre and
 * zoom, and the tile server the map draws (none: the page shows a plain background).
 *
 * @param name    the site's name, shown in the page's title, 1 to {@value #NAME_MAX} characters
 * @param map     the map's start and tiles
 */
public record SiteSettings(String name, MapSettings map) {

    /** The longest site name. */
    public static final int NAME_MAX = 100;

    /** The highest zoom a map can show, the same as its clusters'. */
    static final int ZOOM_MAX = ReportGrid.MAX_ZOOM;

    private static final Pattern CENTRE = Pattern.compile("\\s*(-?\\d+(?:\\.\\d+)?)\\s*,\\s*(-?\\d+(?:\\.\\d+)?)\\s*");

    /**
     * {@code http(s)://host[:port]/...}; the host may start with {@code {s}.}, the subdomains a
     * tile server spreads its load over.
     */
    private static final Pattern TILE_URL = Pattern.compile(
            "(https?)://((?:\\{s\\}\\.)?[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\\d{1,5})?)(/[^\\s\"'<>\\\\]*)");

    /**
     * Where the map starts and what it draws.
     *
     * @param latitude  the WGS84 latitude of the centre
     * @param longitude its longitude
     * @param zoom      the starting zoom level, 0 to {@value SiteSettings#ZOOM_MAX}
     * @param tiles     the tile server, or empty for none
     */
    public record MapSettings(double latitude, double longitude, int zoom, Optional<Tiles> tiles) {
    }

    /**
     * A raster tile server, as web map libraries take it.
     *
     * @param url         the address of a tile, with {@code {z}}, {@code {x}}, {@code {y}} (and
     *                    optionally {@code {s}}) placeholders
     * @param attribution the credit its licence asks for, shown on the map
     * @param maxZoom     the highest zoom level it serves, 0 to {@value SiteSettings#ZOOM_MAX}
     * @param origin      the scheme, host and port of its addresses, for the page's
     *                    Content-Security-Policy; a {@code {s}.} subdomain becomes {@code *.}
     */
    public record Tiles(String url, String attribution, int maxZoom, String origin) {
    }

    /**
     * Reads and checks the settings as given.
     *
     * @param name        {@code fmq.site.name}
     * @param centre      {@code fmq.map.centre}: {@code lat,lon}
     * @param zoom        {@code fmq.map.zoom}
     * @param tilesUrl    {@code fmq.map.tiles.url}; empty or {@code none} for no tile server
     * @param attribution {@code fmq.map.tiles.attribution}
     * @param maxZoom     {@code fmq.map.tiles.max-zoom}
     * @return the settings
     * @throws IllegalArgumentException naming the first setting that is wrong and what it should be
     */
    public static SiteSettings parse(String name, String centre, String zoom, String tilesUrl, String attribution,
                                     String maxZoom) {
        String siteName = name == null ? "" : name.strip();
        if (siteName.isEmpty() || siteName.length() > NAME_MAX) {
            throw new IllegalArgumentException("fmq.site.name must be 1 to " + NAME_MAX + " characters, not '"
                    + name + "'");
        }
        Matcher position = CENTRE.matcher(centre == null ? "" : centre);
        if (!position.matches()) {
            throw new IllegalArgumentException("fmq.map.centre must be lat,lon in decimal degrees, such as "
                    + "48.8566,2.3522, not '" + centre + "'");
        }
        double lat = Double.parseDouble(position.group(1));
        double lon = Double.parseDouble(position.group(2));
        if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
            throw new IllegalArgumentException("fmq.map.centre must have a latitude from -90 to 90 and a longitude "
                    + "from -180 to 180, not '" + centre + "'");
        }
        int startZoom = zoom("fmq.map.zoom", zoom);
        Optional<Tiles> tiles = Optional.empty();
        String url = tilesUrl == null ? "" : tilesUrl.strip();
        if (!url.isEmpty() && !"none".equals(url.toLowerCase(Locale.ROOT))) {
            Matcher parts = TILE_URL.matcher(url);
            if (!parts.matches() || !url.contains("{z}") || !url.contains("{x}") || !url.contains("{y}")) {
                throw new IllegalArgumentException("fmq.map.tiles.url must be an http or https address with {z}, {x} "
                        + "and {y}, such as https://tile.openstreetmap.org/{z}/{x}/{y}.png, or empty for no tiles, "
                        + "not '" + tilesUrl + "'");
            }
            String credit = attribution == null ? "" : attribution.strip();
            if (credit.isEmpty()) {
                throw new IllegalArgumentException("fmq.map.tiles.attribution is required with a tile server: the "
                        + "tiles' licence asks for the credit, such as '© OpenStreetMap contributors'");
            }
            String origin = parts.group(1) + "://" + parts.group(2).replace("{s}.", "*.");
            tiles = Optional.of(new Tiles(url, credit, zoom("fmq.map.tiles.max-zoom", maxZoom), origin));
        }
        return new SiteSettings(siteName, new MapSettings(lat, lon, startZoom, tiles));
    }

    private static int zoom(String setting, String value) {
        try {
            int zoom = Integer.parseInt(value == null ? "" : value.strip());
            if (zoom >= 0 && zoom <= ZOOM_MAX) {
                return zoom;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(setting + " must be a whole number from 0 to " + ZOOM_MAX + ", not '"
                + value + "'");
    }
}
