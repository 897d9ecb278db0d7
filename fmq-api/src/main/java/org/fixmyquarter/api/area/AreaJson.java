package org.fixmyquarter.api.area;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.core.area.Area;

/**
 * The JSON of areas, as the schemas {@code AreaSummary}, {@code AreaTree}, {@code AreaDetail} and
 * {@code ReportArea} of openapi.yaml say.
 */
public final class AreaJson {

    private AreaJson() {
    }

    /**
     * @param area     an area
     * @param reader   the reader's language
     * @param fallback the deployment's default language
     * @return {id, name (in the reader's language), names, parent, timeZone, bbox[, retiredAt]}
     */
    public static JsonObjectBuilder summary(Area area, Locale reader, Locale fallback) {
        JsonObjectBuilder names = JsonBody.JSON.createObjectBuilder();
        area.getNames().forEach(names::add);
        JsonObjectBuilder json = JsonBody.JSON.createObjectBuilder()
                .add("id", area.getId())
                .add("name", area.name(reader, fallback))
                .add("names", names);
        if (area.getParentId() == null) {
            json.addNull("parent");
        } else {
            json.add("parent", area.getParentId());
        }
        json.add("timeZone", area.getTimeZone())
                .add("bbox", JsonBody.JSON.createArrayBuilder().add(area.getMinLon()).add(area.getMinLat())
                        .add(area.getMaxLon()).add(area.getMaxLat()));
        if (area.isRetired()) {
            json.add("retiredAt", area.getRetiredAt().toString());
        }
        return json;
    }

    /**
     * @param area     an area whose geometry is loaded
     * @param reader   the reader's language
     * @param fallback the deployment's default language
     * @return the summary with createdAt, updatedAt, vertices and the GeoJSON geometry
     */
    public static JsonObject detail(Area area, Locale reader, Locale fallback) {
        return summary(area, reader, fallback)
                .add("vertices", area.getVertices())
                .add("createdAt", area.getCreatedAt().toString())
                .add("updatedAt", area.getUpdatedAt().toString())
                .add("geometry", area.getGeometry())
                .build();
    }

    /**
     * @param areas    live areas, parents before children ({@code Areas.list})
     * @param reader   the reader's language
     * @param fallback the deployment's default language
     * @return the top-level areas, each with its {@code children}, recursively
     */
    public static JsonArrayBuilder tree(List<Area> areas, Locale reader, Locale fallback) {
        Map<String, List<Area>> children = new HashMap<>();
        List<Area> roots = new ArrayList<>();
        Map<String, Area> byId = new HashMap<>();
        areas.forEach(a -> byId.put(a.getId(), a));
        for (Area area : areas) {
            if (area.getParentId() == null || !byId.containsKey(area.getParentId())) {
                roots.add(area);
            } else {
                children.computeIfAbsent(area.getParentId(), k -> new ArrayList<>()).add(area);
            }
        }
        return nodes(roots, children, reader, fallback);
    }

    private static JsonArrayBuilder nodes(List<Area> level, Map<String, List<Area>> children, Locale reader,
                                          Locale fallback) {
        JsonArrayBuilder items = JsonBody.JSON.createArrayBuilder();
        for (Area area : level) {
            items.add(summary(area, reader, fallback).add("children",
                    nodes(children.getOrDefault(area.getId(), List.of()), children, reader, fallback)));
        }
        return items;
    }

    /**
     * @param areas    a report's areas, largest first
     * @param reader   the reader's language
     * @param fallback the deployment's default language
     * @return [{id, name}] as a report shows them
     */
    public static JsonArrayBuilder ofReport(List<Area> areas, Locale reader, Locale fallback) {
        JsonArrayBuilder items = JsonBody.JSON.createArrayBuilder();
        for (Area area : areas) {
            items.add(JsonBody.JSON.createObjectBuilder().add("id", area.getId())
                    .add("name", area.name(reader, fallback)));
        }
        return items;
    }
}
