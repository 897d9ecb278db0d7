package org.fixmyquarter.core.photo;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.imaging.BlurRegion;

/**
 * The stored form of a redaction: a JSON array of {@code {x, y, width, height}} rectangles in
 * fractions of the displayed image, as the API takes and shows them.
 */
public final class PhotoRegions {

    private PhotoRegions() {
    }

    /**
     * @param regions rectangles
     * @return them as a JSON array
     */
    public static JsonArray toJson(List<BlurRegion> regions) {
        JsonArrayBuilder array = Outbox.JSON.createArrayBuilder();
        for (BlurRegion region : regions) {
            array.add(Outbox.JSON.createObjectBuilder().add("x", region.x()).add("y", region.y())
                    .add("width", region.width()).add("height", region.height()));
        }
        return array.build();
    }

    /**
     * @param json a stored redaction
     * @return its rectangles
     */
    public static List<BlurRegion> parse(String json) {
        List<BlurRegion> regions = new ArrayList<>();
        try (JsonReader reader = Outbox.JSON.createReader(new StringReader(json))) {
            for (JsonValue value : reader.readArray()) {
                JsonObject region = value.asJsonObject();
                regions.add(new BlurRegion(region.getJsonNumber("x").doubleValue(),
                        region.getJsonNumber("y").doubleValue(), region.getJsonNumber("width").doubleValue(),
                        region.getJsonNumber("height").doubleValue()));
            }
        }
        return regions;
    }
}
