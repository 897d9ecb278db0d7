package org.fixmyquarter.core.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.Permissions;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.Outbox;
import org.fixmyquarter.core.photo.PhotoJob;
import org.fixmyquarter.core.report.ReportVotes;

/**
 * The administrator's use cases of webhooks: register one (its secret is made here and shown
 * once), list, read, change, remove, rotate its secret. Each change is audited, without the
 * secret. Every method checks {@link Permissions#checkManageIntegrations} first.
 */
public final class Webhooks {

    /** The events webhooks receive: what happens to reports and their comments. */
    public static final Set<String> EVENT_TYPES = Set.of("report.created", "report.status_changed", "report.assigned",
            "report.body_changed", "report.merged", "report.hidden", "report.unhidden", "report.vote_added", "report.vote_removed",
            ReportVotes.THRESHOLD_REACHED, PhotoJob.PHOTO_ADDED, "comment.added", "comment.edited", "comment.deleted", "comment.hidden", "comment.unhidden");

    /** Longest URL accepted. */
    public static final int URL_MAX = 2000;
    /** Longest description accepted. */
    public static final int DESCRIPTION_MAX = 500;

    private final EntityManager em;
    private final Clock clock;
    private final Duration secretGrace;
    private final AuditLog audit;

    /**
     * A webhook with its secret, which the caller shows once and forgets.
     *
     * @param webhook the webhook
     * @param secret  its new secret
     */
    public record WithSecret(Webhook webhook, String secret) {
    }

    /**
     * @param em          the entity manager of the current transaction
     * @param clock       the source of "now"
     * @param secretGrace how long a rotated secret still signs
     */
    public Webhooks(EntityManager em, Clock clock, Duration secretGrace) {
        this.em = Objects.requireNonNull(em, "em");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.secretGrace = Objects.requireNonNull(secretGrace, "secretGrace");
        this.audit = new AuditLog(em);
    }

    /**
     * @param type an outbox event's type
     * @return whether webhooks receive events of that type
     */
    public static boolean isWebhookEvent(String type) {
        return EVENT_TYPES.contains(type);
    }

    /**
     * Registers a webhook.
     *
     * @param url         an absolute http or https URL
     * @param eventTypes  the events it wants; {@code null} or empty for all
     * @param description a note for administrators, or {@code null}
     * @param by          the administrator
     * @return the webhook and its secret
     * @throws ValidationException if the URL, an event type or the description is not acceptable
     */
    public WithSecret create(String url, List<String> eventTypes, String description, Actor by) {
        Permissions.checkManageIntegrations(by);
        List<FieldError> errors = new ArrayList<>();
        String checkedUrl = url(url, errors);
        List<String> types = eventTypes(eventTypes, errors);
        String text = description(description, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Instant now = now();
        String secret = WebhookSignatures.newSecret();
        Webhook webhook = new Webhook(Ids.newId(), checkedUrl, types, text, secret, now);
        em.persist(webhook);
        audit.record(by, "webhook.created", "webhook", webhook.getId(), null, state(webhook), now);
        return new WithSecret(webhook, secret);
    }

    /**
     * @param by the administrator
     * @return every webhook, oldest first
     */
    public List<Webhook> list(Actor by) {
        Permissions.checkManageIntegrations(by);
        return em.createQuery("SELECT w FROM Webhook w ORDER BY w.createdAt, w.id", Webhook.class).getResultList();
    }

    /**
     * @param id the webhook's id
     * @param by the administrator
     * @return the webhook
     * @throws NotFoundException if there is none
     */
    public Webhook get(String id, Actor by) {
        Permissions.checkManageIntegrations(by);
        return find(id, false);
    }

    /**
     * Changes what is given; {@code null} leaves a field as it is. Switching a webhook on again
     * clears the notice of why the server switched it off, and closes its breaker.
     *
     * @param id          the webhook's id
     * @param url         a new URL, or {@code null}
     * @param eventTypes  new event types (empty for all), or {@code null}
     * @param description a new description ({@code ""} removes it), or {@code null}
     * @param enabled     whether events are delivered to it, or {@code null}
     * @param by          the administrator
     * @return the webhook after the change
     * @throws NotFoundException   if there is none
     * @throws ValidationException if a value is not acceptable
     */
    public Webhook change(String id, String url, List<String> eventTypes, String description, Boolean enabled,
                          Actor by) {
        Permissions.checkManageIntegrations(by);
        List<FieldError> errors = new ArrayList<>();
        String checkedUrl = url == null ? null : url(url, errors);
        List<String> types = eventTypes == null ? null : eventTypes(eventTypes, errors);
        String text = description == null ? null : description(description, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Webhook webhook = find(id, true);
        JsonObject before = state(webhook);
        Instant now = now();
        webhook.change(checkedUrl, types, text == null && description != null ? "" : text, enabled, now);
        audit.record(by, "webhook.changed", "webhook", webhook.getId(), before, state(webhook), now);
        return webhook;
    }

    /**
     * Removes a webhook; its pending deliveries are skipped.
     *
     * @param id the webhook's id
     * @param by the administrator
     * @throws NotFoundException if there is none
     */
    public void delete(String id, Actor by) {
        Permissions.checkManageIntegrations(by);
        Webhook webhook = find(id, true);
        Instant now = now();
        em.createQuery("UPDATE Delivery d SET d.state = :skipped, d.lastError = :why, d.updatedAt = :now"
                        + " WHERE d.consumer = :target AND d.state = :pending")
                .setParameter("skipped", Delivery.SKIPPED)
                .setParameter("why", "the webhook was removed")
                .setParameter("now", now.atOffset(java.time.ZoneOffset.UTC))
                .setParameter("target", webhook.target())
                .setParameter("pending", Delivery.PENDING)
                .executeUpdate();
        audit.record(by, "webhook.deleted", "webhook", webhook.getId(), state(webhook), null, now);
        em.remove(webhook);
    }

    /**
     * Gives a webhook a new secret. During the grace period deliveries carry a signature with
     * each secret, so the receiver can switch to the new one when it likes.
     *
     * @param id the webhook's id
     * @param by the administrator
     * @return the webhook and its new secret
     * @throws NotFoundException if there is none
     */
    public WithSecret rotateSecret(String id, Actor by) {
        Permissions.checkManageIntegrations(by);
        Webhook webhook = find(id, true);
        Instant now = now();
        String secret = WebhookSignatures.newSecret();
        webhook.rotate(secret, secretGrace, now);
        audit.record(by, "webhook.secret_rotated", "webhook", webhook.getId(), null,
                Outbox.JSON.createObjectBuilder().add("previousSecretUntil",
                        webhook.getPreviousSecretUntil().toString()).build(), now);
        return new WithSecret(webhook, secret);
    }

    private Webhook find(String id, boolean lock) {
        Webhook webhook = id == null || id.length() > 32 ? null
                : lock ? em.find(Webhook.class, id, LockModeType.PESSIMISTIC_WRITE) : em.find(Webhook.class, id);
        if (webhook == null) {
            throw new NotFoundException("webhook", id);
        }
        return webhook;
    }

    /** What the audit log keeps of a webhook: never its secret. */
    static JsonObject state(Webhook webhook) {
        JsonArrayBuilder types = Outbox.JSON.createArrayBuilder();
        webhook.getEventTypes().forEach(types::add);
        JsonObjectBuilder state = Outbox.JSON.createObjectBuilder().add("url", webhook.getUrl())
                .add("eventTypes", types).add("enabled", webhook.isEnabled());
        if (webhook.getDescription() != null) {
            state.add("description", webhook.getDescription());
        }
        if (webhook.getDisabledReason() != null) {
            state.add("disabledReason", webhook.getDisabledReason());
        }
        return state.build();
    }

    private static String url(String url, List<FieldError> errors) {
        if (url == null || url.isBlank()) {
            errors.add(new FieldError("url", "is required: the absolute http or https address events are sent to"));
            return null;
        }
        if (url.length() > URL_MAX) {
            errors.add(FieldError.translatable("url", "validation.too-long", "must be at most " + URL_MAX
                    + " characters", URL_MAX));
            return null;
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            errors.add(new FieldError("url", "is not a valid URL: " + e.getReason()));
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !("http".equals(scheme) || "https".equals(scheme))) {
            errors.add(new FieldError("url", "must be an absolute http or https URL, such as "
                    + "https://helpdesk.example.org/hooks/fixmyquarter"));
            return null;
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            errors.add(new FieldError("url", "must name a host, such as https://helpdesk.example.org/hooks"));
            return null;
        }
        if (uri.getRawUserInfo() != null) {
            errors.add(new FieldError("url", "must not carry a user name or password; receivers check the signature"));
            return null;
        }
        if (uri.getRawFragment() != null) {
            errors.add(new FieldError("url", "must not have a #fragment"));
            return null;
        }
        return uri.toString();
    }

    private static List<String> eventTypes(List<String> eventTypes, List<FieldError> errors) {
        if (eventTypes == null) {
            return List.of();
        }
        Set<String> types = new TreeSet<>();
        for (String type : eventTypes) {
            if (type == null || !EVENT_TYPES.contains(type)) {
                errors.add(new FieldError("eventTypes", "holds " + (type == null ? "null" : "'" + shorten(type) + "'")
                        + ", which is not an event webhooks receive; use some of: " + new TreeSet<>(EVENT_TYPES)
                        + ", or an empty list for all"));
                return List.of();
            }
            types.add(type);
        }
        return new ArrayList<>(types);
    }

    private static String description(String description, List<FieldError> errors) {
        if (description == null) {
            return null;
        }
        String text = description.strip();
        if (text.length() > DESCRIPTION_MAX) {
            errors.add(FieldError.translatable("description", "validation.too-long", "must be at most "
                    + DESCRIPTION_MAX + " characters", DESCRIPTION_MAX));
            return null;
        }
        return text.isEmpty() ? null : text;
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private Instant now() {
        return Clocks.now(clock);
    }
}
