package org.fixmyquarter.api.body;

import java.time.Duration;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.core.body.ServiceLevels;

/**
 * The JSON of a body's service levels, as the schema {@code ServiceLevels} of openapi.yaml says.
 */
final class ServiceLevelsJson {

    /** The names of the windows of {@link ServiceLevels#WINDOWS}, in their order. */
    private static final List<String> WINDOWS = List.of("last30Days", "last90Days");

    private ServiceLevelsJson() {
    }

    /**
     * @param levels the figures
     * @param body   the body as a report names it ({id, name})
     * @return {body, computedAt, overall, categories: [{category, acknowledge, resolve, backlog}]}
     */
    static JsonObject write(ServiceLevels.Summary levels, JsonValue body) {
        var categories = JsonBody.JSON.createArrayBuilder();
        levels.categories().forEach((code, figures) -> categories.add(levels(figures).add("category", code)));
        return JsonBody.JSON.createObjectBuilder()
                .add("body", body)
                .add("computedAt", levels.computedAt().toString())
                .add("overall", levels(levels.overall()))
                .add("categories", categories)
                .build();
    }

    private static JsonObjectBuilder levels(ServiceLevels.Levels levels) {
        ServiceLevels.Backlog backlog = levels.backlog();
        return JsonBody.JSON.createObjectBuilder()
                .add("acknowledge", timings(levels.acknowledge()))
                .add("resolve", timings(levels.resolve()))
                .add("backlog", JsonBody.JSON.createObjectBuilder()
                        .add("total", backlog.total())
                        .add("underOneDay", backlog.underOneDay())
                        .add("oneToSevenDays", backlog.oneToSevenDays())
                        .add("sevenToThirtyDays", backlog.sevenToThirtyDays())
                        .add("overThirtyDays", backlog.overThirtyDays()));
    }

    private static JsonObjectBuilder timings(List<ServiceLevels.Timing> byWindow) {
        JsonObjectBuilder json = JsonBody.JSON.createObjectBuilder();
        for (int w = 0; w < WINDOWS.size(); w++) {
            ServiceLevels.Timing timing = byWindow.get(w);
            json.add(WINDOWS.get(w), JsonBody.JSON.createObjectBuilder()
                    .add("count", timing.count())
                    .add("medianSeconds", seconds(timing.median()))
                    .add("p90Seconds", seconds(timing.p90())));
        }
        return json;
    }

    private static JsonValue seconds(Duration duration) {
        return duration == null ? JsonValue.NULL : JsonBody.JSON.createValue(duration.getSeconds());
    }
}
