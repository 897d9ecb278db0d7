package org.fixmyquarter.core.delivery;

import java.io.StringReader;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.follow.FollowService;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.internal.OutboxEvent;
import org.fixmyquarter.spi.event.ReportCommented;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportEvent;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.fixmyquarter.spi.notification.Recipient;

/**
 * Who an event concerns, for the personal channels: the people a comment mentions, the followers
 * of the report (for its status changes and comments) and the followers of areas containing a new
 * report. Whoever caused the event is not told of it; a person concerned for several reasons is
 * told once, for the most personal one.
 */
final class Audience {

    private Audience() {
    }

    /**
     * @return account id to reason, in the order people are told
     */
    static Map<String, Recipient.Reason> of(EntityManager em, Clock clock, OutboxEvent row, ReportEvent event) {
        JsonObject data;
        try (JsonReader reader = Outbox.JSON.createReader(new StringReader(row.getPayload()))) {
            data = reader.readObject().getJsonObject("data");
        }
        String actor = data.getString("actorId", null);
        Map<String, Recipient.Reason> audience = new LinkedHashMap<>();
        FollowService follows = new FollowService(em, clock);
        if (event instanceof ReportCommented && data.containsKey("mentions")) {
            data.getJsonArray("mentions").getValuesAs(JsonString.class)
                    .forEach(id -> audience.putIfAbsent(id.getString(), Recipient.Reason.MENTIONED));
        }
        if (event instanceof ReportCommented || event instanceof ReportStatusChanged) {
            follows.followers(event.report().id())
                    .forEach(id -> audience.putIfAbsent(id, Recipient.Reason.FOLLOWING_REPORT));
        }
        // A report without a position lies in no followed circle.
        if (event instanceof ReportCreated && event.report().hasPosition()) {
            follows.areasContaining(event.report().latitude(), event.report().longitude())
                    .forEach(area -> audience.putIfAbsent(area.getUserId(), Recipient.Reason.FOLLOWING_AREA));
        }
        if (actor != null) {
            audience.remove(actor);
        }
        return audience;
    }
}
