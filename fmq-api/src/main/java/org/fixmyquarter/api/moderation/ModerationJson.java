package org.fixmyquarter.api.moderation;

import java.io.InputStream;

import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.persistence.WriteConflicts;
import org.fixmyquarter.api.security.Actors;
import org.fixmyquarter.core.moderation.Flag;
import org.fixmyquarter.core.moderation.Flags;
import org.fixmyquarter.core.moderation.Hiding;

/**
 * The JSON of flags and of hidden content, and the one way both flag endpoints answer.
 */
public final class ModerationJson {

    private ModerationJson() {
    }

    /**
     * @param body a moderator's request body, {@code {"reason": "..."}}
     * @return the reason, unchecked: the core checks it ({@code Moderation.checkedReason})
     */
    public static String reason(InputStream body) {
        JsonBody json = JsonBody.parse(body);
        String reason = json.string("reason");
        json.check();
        return reason;
    }

    /**
     * Adds {@code "hidden": {reason, by, at}} to a report or comment that is hidden.
     *
     * @param json   the report's or comment's JSON
     * @param hiding its state
     * @return {@code json}
     */
    public static JsonObjectBuilder addHidden(JsonObjectBuilder json, Hiding hiding) {
        if (hiding.isHidden()) {
            json.add("hidden", JsonBody.JSON.createObjectBuilder().add("reason", hiding.getHiddenReason())
                    .add("by", hiding.getHiddenBy()).add("at", hiding.getHiddenAt().toString()));
        }
        return json;
    }

    /**
     * Reads a flag's body and flags a report or comment: 201 with a new flag, 200 with the
     * caller's open flag on the same target.
     *
     * @param transactions the moderation transactions
     * @param reportId     the report
     * @param commentId    one of its comments, or {@code null}
     * @param body         {@code {reason, note?, duplicateOf?}}
     * @param security     the caller
     * @return the response
     */
    public static Response flag(ModerationTransactions transactions, String reportId, String commentId,
                                InputStream body, SecurityContext security) {
        JsonBody json = JsonBody.parse(body);
        String reason = json.string("reason");
        String note = json.string("note");
        String duplicateOf = json.string("duplicateOf");
        json.check();
        Flags.Result result;
        try {
            result = transactions.flag(reportId, commentId, reason, note, duplicateOf, Actors.of(security),
                    Actors.isStaff(security));
        } catch (PersistenceException | TransactionalException e) {
            // The same person flagged the same target at the same moment; their flag now exists.
            if (!WriteConflicts.lostRace(e)) {
                throw e;
            }
            result = transactions.flag(reportId, commentId, reason, note, duplicateOf, Actors.of(security),
                    Actors.isStaff(security));
        }
        return Response.status(result.created() ? 201 : 200).entity(write(result.flag()).toString()).build();
    }

    static jakarta.json.JsonObject write(Flag flag) {
        JsonObjectBuilder json = JsonBody.JSON.createObjectBuilder()
                .add("id", flag.getId())
                .add("targetKind", flag.getTargetKind())
                .add("reportId", flag.getReportId());
        orNull(json, "commentId", flag.getCommentId());
        json.add("reason", flag.getReason().wireName());
        orNull(json, "note", flag.getNote());
        orNull(json, "duplicateOf", flag.getDuplicateOf());
        return json.add("createdAt", flag.getCreatedAt().toString())
                .add("state", flag.isOpen() ? "open" : "resolved")
                .build();
    }

    static JsonObjectBuilder write(Flags.Group group) {
        JsonObjectBuilder reasons = JsonBody.JSON.createObjectBuilder();
        group.reasons().forEach(reasons::add);
        JsonObjectBuilder json = JsonBody.JSON.createObjectBuilder()
                .add("targetKind", group.targetKind())
                .add("reportId", group.reportId());
        orNull(json, "commentId", group.commentId());
        return json.add("preview", group.preview())
                .add("flags", group.count())
                .add("reasons", reasons)
                .add("firstFlaggedAt", group.firstFlaggedAt().toString())
                .add("lastFlaggedAt", group.lastFlaggedAt().toString())
                .add("hidden", group.hidden());
    }

    private static void orNull(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }
}
