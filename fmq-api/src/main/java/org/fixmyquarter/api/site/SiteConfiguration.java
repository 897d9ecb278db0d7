package org.fixmyquarter.api.site;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fixmyquarter.api.http.ContentSecurityPolicy;
import org.fixmyquarter.api.photo.PhotoConfiguration;

/**
 * The web page's settings ({@code fmq.site.*}, {@code fmq.map.*}, docs/configuration.md), read
 * once and checked when the application starts: a wrong one stops the application with a message
 * naming it, rather than a page that cannot show its map.
 */
@ApplicationScoped
public class SiteConfiguration {

    private static final Logger LOG = Logger.getLogger(SiteConfiguration.class.getName());

    /** OpenStreetMap's own tile server: fine for a trial, see its tile usage policy for production. */
    static final String OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    private static final String TILES_URL = "fmq.map.tiles.url";

    /** A key no photo has; the media store's address for it shows where its public files live. */
    private static final String PROBE_KEY = "csp-origin-probe";

    @Inject
    private Config config;

    @Inject
    private PhotoConfiguration photos;

    @Inject
    @ConfigProperty(name = "fmq.site.name", defaultValue = "FixMyQuarter")
    private String name;

    @Inject
    @ConfigProperty(name = "fmq.map.centre", defaultValue = "48.8566,2.3522")
    private String centre;

    @Inject
    @ConfigProperty(name = "fmq.map.zoom", defaultValue = "13")
    private String zoom;

    @Inject
    @ConfigProperty(name = "fmq.map.tiles.attribution", defaultValue = "© OpenStreetMap contributors")
    private String attribution;

    @Inject
    @ConfigProperty(name = "fmq.map.tiles.max-zoom", defaultValue = "19")
    private String maxZoom;

    /** Checks the settings at start, so that a wrong one stops the application here. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        siteSettings();
    }

    /**
     * @return the checked settings
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    @Produces
    @Singleton
    public SiteSettings siteSettings() {
        try {
            return SiteSettings.parse(name, centre, zoom, tilesUrl(), attribution, maxZoom);
        } catch (IllegalArgumentException e) {
            LOG.severe("The web page's settings are wrong, the application does not start: " + e.getMessage());
            throw e;
        }
    }

    /**
     * MicroProfile Config takes an empty value for no value, which would bring the default tile
     * server back; an empty {@code fmq.map.tiles.url} that a source does set means "no tiles".
     */
    private String tilesUrl() {
        ConfigValue value = config.getConfigValue(TILES_URL);
        if (value == null || value.getSourceName() == null) {
            return OSM_TILES;
        }
        String raw = value.getRawValue() != null ? value.getRawValue() : value.getValue();
        return raw == null ? "" : raw;
    }

    /**
     * The Content-Security-Policy of the web page: images from the tile server and from the media
     * store's public address too, when photos are served from there.
     *
     * @param settings the checked settings
     * @return the policy, built once
     */
    @Produces
    @Singleton
    @PagePolicy
    public String pagePolicy(SiteSettings settings) {
        List<String> images = new ArrayList<>();
        settings.map().tiles().ifPresent(tiles -> images.add(tiles.origin()));
        mediaOrigin().ifPresent(images::add);
        return ContentSecurityPolicy.forPages(images);
    }

    private Optional<String> mediaOrigin() {
        try {
            return photos.mediaStore().flatMap(store -> store.publicUrl(PROBE_KEY))
                    .flatMap(url -> ContentSecurityPolicy.origin(URI.create(url)));
        } catch (RuntimeException e) {
            LOG.warning("The media store's public address gives no origin for the page's Content-Security-Policy: "
                    + e);
            return Optional.empty();
        }
    }
}
