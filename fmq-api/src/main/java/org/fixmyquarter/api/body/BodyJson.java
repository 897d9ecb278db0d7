package org.fixmyquarter.api.body;

import java.util.Locale;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.core.area.LocalizedNames;
import org.fixmyquarter.core.body.Body;
import org.fixmyquarter.core.body.BodyRule;

/**
 * The JSON of bodies, as the schemas {@code Body}, {@code BodyAdmin} and {@code ReportBody} of
 * openapi.yaml say.
 */
public final class BodyJson {

    private BodyJson() {
    }

    /**
     * @param body     a body with its rules
     * @param reader   the reader's language
     * @param fallback the deployment's default language
     * @param admin    whether to show where its reports are delivered (an e-mail address, a
     *                 webhook's id): administrators only
     * @return {id, name, names, rules: [{category, area}], default, createdAt, updatedAt[, retiredAt][, delivery]}
     */
    public static JsonObject write(BodyTransactions.WithRules body, Locale reader, Locale fallback, boolean admin) {
        Body b = body.body();
        var rules = JsonBody.JSON.createArrayBuilder();
        for (BodyRule rule : body.rules()) {
            rules.add(JsonBody.JSON.createObjectBuilder()
                    .add("category", rule.getCategory() == null ? JsonValue.NULL
                            : JsonBody.JSON.createValue(rule.getCategory()))
                    .add("area", rule.getAreaId() == null ? JsonValue.NULL : JsonBody.JSON.createValue(rule.getAreaId())));
        }
        JsonObjectBuilder json = JsonBody.JSON.createObjectBuilder()
                .add("id", b.getId())
                .add("name", b.name(reader, fallback))
                .add("names", LocalizedNames.object(b.getNames()))
                .add("rules", rules)
                .add("default", b.isDefault())
                .add("createdAt", b.getCreatedAt().toString())
                .add("updatedAt", b.getUpdatedAt().toString());
        if (b.isRetired()) {
            json.add("retiredAt", b.getRetiredAt().toString());
        }
        if (admin) {
            JsonObjectBuilder delivery = JsonBody.JSON.createObjectBuilder().add("type", b.getTargetKind().wireName());
            if (b.getTarget() != null) {
                delivery.add(b.getTargetKind().wireName(), b.getTarget());
            }
            json.add("delivery", delivery);
        }
        return json.build();
    }

    /**
     * @param body     a report's body, or {@code null}
     * @param reader   the reader's language
     * @param fallback the deployment's default language
     * @return {id, name} as a report shows it, or JSON null
     */
    public static JsonValue ofReport(Body body, Locale reader, Locale fallback) {
        if (body == null) {
            return JsonValue.NULL;
        }
        return JsonBody.JSON.createObjectBuilder().add("id", body.getId()).add("name", body.name(reader, fallback))
                .build();
    }
}
