package org.fixmyquarter.core.body;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.fixmyquarter.core.Actor;
import org.fixmyquarter.core.Permissions;
import org.fixmyquarter.core.account.AccountService;
import org.fixmyquarter.core.area.Area;
import org.fixmyquarter.core.area.LocalizedNames;
import org.fixmyquarter.core.audit.AuditLog;
import org.fixmyquarter.core.category.CategoryCatalog;
import org.fixmyquarter.core.error.ConflictException;
import org.fixmyquarter.core.error.FieldError;
import org.fixmyquarter.core.error.NotFoundException;
import org.fixmyquarter.core.error.ValidationException;
import org.fixmyquarter.core.internal.Clocks;
import org.fixmyquarter.core.internal.Ids;
import org.fixmyquarter.core.internal.Outbox;

/**
 * The use cases of responsible bodies: an administrator creates one (its names, the rules
 * "category in area" it handles, where its reports are delivered, whether it is the default),
 * changes or retires it; anyone reads them. Every write is checked by
 * {@link Permissions#checkManageBodies} and audited in the caller's transaction.
 *
 * <p>A body as the API writes it:
 * <pre>
 * {"name": {"en": "Roads", "fr": "Voirie"},
 *  "rules": [{"category": "pothole", "area": "&lt;area id&gt;"}, {"category": "streetlight"}],
 *  "delivery": {"type": "webhook", "webhook": "&lt;webhook id&gt;"},
 *  "default": false}
 * </pre>
 * A rule without {@code category} covers every category, one without {@code area} the whole
 * deployment. {@code delivery.type} is {@code triage} (the default), {@code connector} (with
 * {@code connector}: a helpdesk connector plugin's id), {@code webhook} (with {@code webhook}) or
 * {@code email} (with {@code email}). Two live bodies never hold the same rule: routing must name
 * one body.
 *
 * <p>Instances are cheap: create one per transaction.
 */
public final class Bodies {

    /** Most rules one body may have. */
    public static final int RULES_MAX = 1_000;

    /** A plugin id, as plugins declare them. */
    private static final Pattern PLUGIN_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final EntityManager em;
    private final CategoryCatalog categories;
    private final Clock clock;
    private final AuditLog audit;

    /**
     * @param em         the entity manager of the current transaction
     * @param categories the categories rules may name
     * @param clock      the source of "now"
     */
    public Bodies(EntityManager em, CategoryCatalog categories, Clock clock) {
        this.em = Objects.requireNonNull(em, "em");
        this.categories = Objects.requireNonNull(categories, "categories");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = new AuditLog(em);
    }

    /**
     * Creates a body.
     *
     * @param body            {@code name} (required), {@code rules}, {@code delivery}, {@code default}
     * @param defaultLanguage the language of a name given as a plain string
     * @param by              an administrator
     * @return the new body
     * @throws ValidationException naming each invalid part and why
     * @throws ConflictException   {@code body-rule-taken} if another live body holds one of its rules
     */
    public Body create(JsonObject body, Locale defaultLanguage, Actor by) {
        Permissions.checkManageBodies(by);
        Objects.requireNonNull(defaultLanguage, "defaultLanguage");
        JsonObject json = body == null ? JsonValue.EMPTY_JSON_OBJECT : body;
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> names = LocalizedNames.parse(json.get("name"), defaultLanguage, "name", errors);
        Delivery delivery = json.containsKey("delivery") ? delivery(json.get("delivery"), errors)
                : new Delivery(Body.Target.TRIAGE, null);
        List<RuleSpec> rules = json.containsKey("rules") ? rules(json.get("rules"), errors) : List.of();
        Boolean isDefault = flag(json.get("default"), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Instant now = Clocks.now(clock);
        Body created = new Body(Ids.newId(), names, delivery.kind(), delivery.target(), now);
        em.persist(created);
        em.flush();
        replaceRules(created, rules);
        if (Boolean.TRUE.equals(isDefault)) {
            makeDefault(created, now, by);
        }
        em.flush();
        audit.record(by, "body.created", "body", created.getId(), null, state(created), now);
        return created;
    }

    /**
     * Changes what is given of a body: any of {@code name}, {@code rules} (all of them, replacing
     * the old ones), {@code delivery} and {@code default}. Reports already routed keep their body.
     *
     * @param id              the body
     * @param change          the parts to change
     * @param defaultLanguage the language of a name given as a plain string
     * @param by              an administrator
     * @return the changed body
     * @throws NotFoundException   if there is no such body
     * @throws ConflictException   {@code body-retired}, or {@code body-rule-taken}
     * @throws ValidationException naming each invalid part and why
     */
    public Body change(String id, JsonObject change, Locale defaultLanguage, Actor by) {
        Permissions.checkManageBodies(by);
        Body body = find(id, true);
        if (body.isRetired()) {
            throw new ConflictException("body-retired", "The body " + id + " is retired; create a new one instead.");
        }
        JsonObject json = change == null ? JsonValue.EMPTY_JSON_OBJECT : change;
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> names = json.containsKey("name")
                ? LocalizedNames.parse(json.get("name"), defaultLanguage, "name", errors) : null;
        Delivery delivery = json.containsKey("delivery") ? delivery(json.get("delivery"), errors) : null;
        List<RuleSpec> rules = json.containsKey("rules") ? rules(json.get("rules"), errors) : null;
        Boolean isDefault = flag(json.get("default"), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        JsonObject before = state(body);
        Instant now = Clocks.now(clock);
        body.change(names, delivery == null ? null : delivery.kind(), delivery == null ? null : delivery.target(), now);
        if (rules != null) {
            replaceRules(body, rules);
        }
        if (Boolean.TRUE.equals(isDefault)) {
            makeDefault(body, now, by);
        } else if (Boolean.FALSE.equals(isDefault)) {
            body.makeDefault(false, now);
        }
        em.flush();
        audit.record(by, "body.changed", "body", body.getId(), before, state(body), now);
        return body;
    }

    /**
     * Retires a body: it routes no new report, is no longer the default, gives up its rules to
     * whoever takes them next, and is left out of {@link #list()}; the reports routed to it keep it
     * ({@code body=} still finds them). Retiring a retired body changes nothing.
     *
     * @param id the body
     * @param by an administrator
     * @return the retired body
     * @throws NotFoundException if there is no such body
     */
    public Body retire(String id, Actor by) {
        Permissions.checkManageBodies(by);
        Body body = find(id, true);
        if (body.isRetired()) {
            return body;
        }
        JsonObject before = state(body);
        Instant now = Clocks.now(clock);
        body.retire(now);
        em.flush();
        audit.record(by, "body.retired", "body", body.getId(), before, state(body), now);
        return body;
    }

    /**
     * @return the live bodies, in the order they were created
     */
    public List<Body> list() {
        return em.createQuery("SELECT b FROM Body b WHERE b.retiredAt IS NULL ORDER BY b.createdAt, b.id", Body.class)
                .getResultList();
    }

    /**
     * @param id a body id
     * @return the body, retired or not
     * @throws NotFoundException if there is none with that id
     */
    public Body get(String id) {
        return find(id, false);
    }

    /**
     * @param bodyId a body
     * @return its rules, in the order they were given
     */
    public List<BodyRule> rules(String bodyId) {
        return em.createQuery("SELECT r FROM BodyRule r WHERE r.bodyId = :body ORDER BY r.id", BodyRule.class)
                .setParameter("body", bodyId).getResultList();
    }

    /**
     * @param em the entity manager of the current transaction
     * @param id a body id
     * @return whether a body, retired or not, has that id
     */
    public static boolean exists(EntityManager em, String id) {
        return id != null && em.find(Body.class, id) != null;
    }

    private Body find(String id, boolean lock) {
        Body body = id == null ? null : lock ? em.find(Body.class, id, LockModeType.PESSIMISTIC_WRITE)
                : em.find(Body.class, id);
        if (body == null) {
            throw new NotFoundException("body", id);
        }
        return body;
    }

    /** One default at a time: the former default, locked first, stops being it. */
    private void makeDefault(Body body, Instant now, Actor by) {
        for (Body other : em.createQuery("SELECT b FROM Body b WHERE b.defaultBody = TRUE AND b.id <> :id", Body.class)
                .setParameter("id", body.getId()).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList()) {
            JsonObject before = state(other);
            other.makeDefault(false, now);
            audit.record(by, "body.changed", "body", other.getId(), before, state(other), now);
        }
        body.makeDefault(true, now);
    }

    private void replaceRules(Body body, List<RuleSpec> rules) {
        // Rules are few and change together: replaced as a whole, so no rule half-belongs to the old set.
        em.createQuery("DELETE FROM BodyRule r WHERE r.bodyId = :body").setParameter("body", body.getId())
                .executeUpdate();
        for (RuleSpec rule : rules) {
            var query = em.createQuery("SELECT r.bodyId FROM BodyRule r, Body b WHERE b.id = r.bodyId"
                    + " AND b.retiredAt IS NULL AND b.id <> :body"
                    + (rule.category() == null ? " AND r.category IS NULL" : " AND r.category = :category")
                    + (rule.area() == null ? " AND r.areaId IS NULL" : " AND r.areaId = :area"), String.class)
                    .setParameter("body", body.getId());
            if (rule.category() != null) {
                query.setParameter("category", rule.category());
            }
            if (rule.area() != null) {
                query.setParameter("area", rule.area());
            }
            List<String> taken = query.getResultList();
            if (!taken.isEmpty()) {
                throw new ConflictException("body-rule-taken", "The body " + taken.get(0) + " already handles "
                        + (rule.category() == null ? "every category" : "'" + rule.category() + "'")
                        + (rule.area() == null ? " everywhere" : " in the area " + rule.area())
                        + "; change that body's rules first.");
            }
            em.persist(new BodyRule(Ids.newId(), body.getId(), rule.category(), rule.area()));
        }
        em.flush();
    }

    private record RuleSpec(String category, String area) {
    }

    private record Delivery(Body.Target kind, String target) {
    }

    private List<RuleSpec> rules(JsonValue value, List<FieldError> errors) {
        if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY) {
            errors.add(new FieldError("rules", "must be an array of {category, area}"));
            return null;
        }
        if (value.asJsonArray().size() > RULES_MAX) {
            errors.add(new FieldError("rules", "holds more than " + RULES_MAX + " rules"));
            return null;
        }
        Set<RuleSpec> rules = new LinkedHashSet<>();
        int i = 0;
        for (JsonValue item : value.asJsonArray()) {
            String path = "rules[" + i++ + "]";
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                errors.add(new FieldError(path, "must be an object {category, area}"));
                continue;
            }
            JsonObject rule = item.asJsonObject();
            String category = text(rule.get("category"), path + ".category", errors);
            String area = text(rule.get("area"), path + ".area", errors);
            if (category != null && !categories.contains(category)) {
                errors.add(new FieldError(path + ".category", "'" + category + "' is not a known category; see "
                        + "GET /categories"));
                continue;
            }
            if (area != null) {
                Area found = em.find(Area.class, area);
                if (found == null || found.isRetired()) {
                    errors.add(new FieldError(path + ".area", "names no live area: see GET /areas for their ids"));
                    continue;
                }
            }
            rules.add(new RuleSpec(category, area));
        }
        return List.copyOf(rules);
    }

    private Delivery delivery(JsonValue value, List<FieldError> errors) {
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            errors.add(new FieldError("delivery", "must be an object {type, ...}: type triage, connector, webhook or "
                    + "email"));
            return null;
        }
        JsonObject json = value.asJsonObject();
        String type = text(json.get("type"), "delivery.type", errors);
        if (type == null) {
            type = "triage";
        }
        switch (type) {
            case "triage":
                return new Delivery(Body.Target.TRIAGE, null);
            case "connector": {
                String id = text(json.get("connector"), "delivery.connector", errors);
                if (id == null || !PLUGIN_ID.matcher(id).matches()) {
                    errors.add(new FieldError("delivery.connector", "is required: the id of a helpdesk connector "
                            + "plugin (see GET /admin/plugins), such as open311"));
                    return null;
                }
                return new Delivery(Body.Target.CONNECTOR, id);
            }
            case "webhook": {
                String id = text(json.get("webhook"), "delivery.webhook", errors);
                // Read by id rather than through the delivery package, which depends on this one.
                if (id == null || ((Number) em.createNativeQuery("SELECT COUNT(*) FROM fmq_webhook WHERE id = ?1")
                        .setParameter(1, id).getSingleResult()).intValue() == 0) {
                    errors.add(new FieldError("delivery.webhook", "is required: the id of a registered webhook (see "
                            + "GET /admin/webhooks)"));
                    return null;
                }
                return new Delivery(Body.Target.WEBHOOK, id);
            }
            case "email": {
                String address = text(json.get("email"), "delivery.email", errors);
                if (!AccountService.isEmailAddress(address)) {
                    errors.add(new FieldError("delivery.email", "is required: an e-mail address"));
                    return null;
                }
                return new Delivery(Body.Target.EMAIL, address);
            }
            default:
                errors.add(new FieldError("delivery.type", "must be triage, connector, webhook or email"));
                return null;
        }
    }

    private static String text(JsonValue value, String path, List<FieldError> errors) {
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString) || ((JsonString) value).getString().isBlank()) {
            errors.add(new FieldError(path, "must be a non-blank string"));
            return null;
        }
        return ((JsonString) value).getString().strip();
    }

    private static Boolean flag(JsonValue value, List<FieldError> errors) {
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        errors.add(new FieldError("default", "must be true or false"));
        return null;
    }

    /** What the audit log keeps of a body. */
    private JsonObject state(Body body) {
        JsonArrayBuilder rules = Outbox.JSON.createArrayBuilder();
        for (BodyRule rule : rules(body.getId())) {
            JsonObjectBuilder json = Outbox.JSON.createObjectBuilder();
            if (rule.getCategory() != null) {
                json.add("category", rule.getCategory());
            }
            if (rule.getAreaId() != null) {
                json.add("area", rule.getAreaId());
            }
            rules.add(json);
        }
        JsonObjectBuilder json = Outbox.JSON.createObjectBuilder()
                .add("names", LocalizedNames.object(body.getNames()))
                .add("delivery", body.getTargetKind().wireName())
                .add("default", body.isDefault())
                .add("rules", rules);
        if (body.getTarget() != null) {
            json.add("target", body.getTarget());
        }
        if (body.getRetiredAt() != null) {
            json.add("retiredAt", body.getRetiredAt().toString());
        }
        return json.build();
    }
}
