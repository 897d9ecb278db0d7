package org.fixmyquarter.core.delivery;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;

import org.fixmyquarter.core.follow.AreaFollow;
import org.fixmyquarter.core.follow.FollowService;
import org.fixmyquarter.spi.event.ReportCommented;
import org.fixmyquarter.spi.event.ReportCreated;
import org.fixmyquarter.spi.event.ReportEvent;
import org.fixmyquarter.spi.event.ReportStatusChanged;
import org.fixmyquarter.spi.notification.Recipient;

/**
 * Who the events of one fan-out batch concern, for the personal channels: the people a comment
 * mentions, the followers of the report (for its status changes and comments) and the followers
 * of areas containing a new report: circles around a point, and named areas it was routed to. Whoever caused the event is not told of it; a person
 * concerned for several reasons is told once, for the most personal one.
 *
 * <p>The followed areas are read once for the whole batch (those meeting the box of its new
 * reports), not once per report: with a burst of new reports that read was a seventh of the
 * dispatcher's time (docs/performance.md). A batch spread so wide that the box meets more than
 * {@link #BATCH_AREAS_MOST} followed areas reads them per report, as before.
 */
final class Audience {

    /** Followed areas read at once for a batch; a batch meeting more reads them per report. */
    static final int BATCH_AREAS_MOST = 2_000;

    private final FollowService follows;
    private final List<ReportEvent> batch;
    /** The followed areas meeting the batch's box; null until a new report needs them. */
    private List<AreaFollow> areas;
    private boolean areasPerReport;
    /** The named areas' follows, by new report; null until a new report needs them. */
    private Map<String, List<AreaFollow>> named;

    /**
     * @param em    the entity manager of the fan-out's transaction
     * @param clock the dispatcher's clock
     * @param batch the batch's readable events, whose new reports' positions bound the areas read
     */
    Audience(EntityManager em, Clock clock, List<ReportEvent> batch) {
        this.follows = new FollowService(em, clock);
        this.batch = batch;
    }

    /**
     * @param data  the {@code data} object of the event's outbox envelope
     * @param event the event read from it
     * @return account id to reason, in the order people are told
     */
    Map<String, Recipient.Reason> of(JsonObject data, ReportEvent event) {
        String actor = data.getString("actorId", null);
        Map<String, Recipient.Reason> audience = new LinkedHashMap<>();
        if (event instanceof ReportCommented && data.containsKey("mentions")) {
            data.getJsonArray("mentions").getValuesAs(JsonString.class)
                    .forEach(id -> audience.putIfAbsent(id.getString(), Recipient.Reason.MENTIONED));
        }
        if (event instanceof ReportCommented || event instanceof ReportStatusChanged) {
            follows.followers(event.report().id())
                    .forEach(id -> audience.putIfAbsent(id, Recipient.Reason.FOLLOWING_REPORT));
        }
        // A report without a position lies in no followed circle, but may be routed to a named
        // area by its address.
        if (event instanceof ReportCreated && event.report().hasPosition()) {
            areasContaining(event.report().latitude(), event.report().longitude())
                    .forEach(area -> audience.putIfAbsent(area.getUserId(), Recipient.Reason.FOLLOWING_AREA));
        }
        if (event instanceof ReportCreated) {
            namedAreas().getOrDefault(event.report().id(), List.of())
                    .forEach(area -> audience.putIfAbsent(area.getUserId(), Recipient.Reason.FOLLOWING_AREA));
        }
        if (actor != null) {
            audience.remove(actor);
        }
        return audience;
    }

    /** The named areas followed that the batch's new reports were routed to, by report; read once. */
    private Map<String, List<AreaFollow>> namedAreas() {
        if (named == null) {
            named = follows.namedAreasOf(batch.stream().filter(e -> e instanceof ReportCreated)
                    .map(e -> e.report().id()).distinct().toList());
        }
        return named;
    }

    private List<AreaFollow> areasContaining(double lat, double lon) {
        if (areas == null && !areasPerReport) {
            readBatchAreas();
        }
        if (areasPerReport) {
            return follows.areasContaining(lat, lon);
        }
        return areas.stream().filter(a -> a.contains(lat, lon)).toList();
    }

    private void readBatchAreas() {
        double minLat = Double.POSITIVE_INFINITY;
        double maxLat = Double.NEGATIVE_INFINITY;
        double minLon = Double.POSITIVE_INFINITY;
        double maxLon = Double.NEGATIVE_INFINITY;
        for (ReportEvent event : batch) {
            if (event instanceof ReportCreated && event.report().hasPosition()) {
                minLat = Math.min(minLat, event.report().latitude());
                maxLat = Math.max(maxLat, event.report().latitude());
                minLon = Math.min(minLon, event.report().longitude());
                maxLon = Math.max(maxLon, event.report().longitude());
            }
        }
        areas = follows.areasMeeting(minLat, maxLat, minLon, maxLon, BATCH_AREAS_MOST + 1);
        if (areas.size() > BATCH_AREAS_MOST) {
            areas = null;
            areasPerReport = true;
        }
    }
}
