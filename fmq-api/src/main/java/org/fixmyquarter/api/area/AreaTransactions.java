package org.fixmyquarter.api.area;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.area.Area;
import org.fixmyquarter.core.area.AreaBoundaries;
import org.fixmyquarter.core.area.Areas;

/**
 * The transaction boundary around the area use cases; the core checks who may.
 */
@ApplicationScoped
@Transactional
public class AreaTransactions {

    @PersistenceContext(unitName = "fmq")
    private EntityManager em;

    @Inject
    private Clock clock;

    private Areas areas() {
        return new Areas(em, clock);
    }

    /** @see Areas#importAreas */
    public List<Area> importAreas(JsonObject collection, Locale defaultLanguage, Actor by) {
        return areas().importAreas(collection, defaultLanguage, by);
    }

    /** @see Areas#change */
    public Area change(String id, JsonValue names, JsonValue timeZone, JsonValue geometry, Locale defaultLanguage,
                       Actor by) {
        Area area = areas().change(id, names, timeZone, geometry, defaultLanguage, by);
        // Read inside the transaction: the polygon is loaded lazily, and the answer shows it.
        area.getGeometry();
        return area;
    }

    /** @see Areas#retire */
    public Area retire(String id, Actor by) {
        return areas().retire(id, by);
    }

    /** @see AreaBoundaries#within */
    public AreaBoundaries.Page boundaries(double[] box) {
        return new AreaBoundaries(em).within(box);
    }

    /** @see Areas#list */
    public List<Area> list() {
        return areas().list();
    }

    /**
     * @param id an area id
     * @return the area with its geometry read, retired or not
     * @see Areas#get
     */
    public Area get(String id) {
        Area area = areas().get(id);
        // Read inside the transaction: the polygon is loaded lazily.
        area.getGeometry();
        return area;
    }

    /** @see Areas#ofReport */
    public List<Area> ofReport(String reportId) {
        return areas().ofReport(reportId);
    }
}
