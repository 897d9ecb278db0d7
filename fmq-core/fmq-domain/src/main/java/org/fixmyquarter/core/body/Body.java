package org.fixmyquarter.core.body;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.fixmyquarter.core.area.LocalizedNames;

/**
 * A responsible body: a council department, a utility, an NGO. It has a name per language, the
 * {@link BodyRule rules} of what it handles, and a {@link Target} its reports are delivered to; one
 * live body may be the deployment's default, which receives the reports no rule routes.
 *
 * <p>Created and changed only through {@link Bodies}. A retired body routes no new report but
 * keeps the ones routed to it.
 */
@Entity
@Table(name = "fmq_body")
public class Body {

    /** Where a body's reports are delivered. */
    public enum Target {
        /** Nowhere but the body's queue ({@code GET /reports?body=}). */
        TRIAGE,
        /** A helpdesk connector plugin, by its id. */
        CONNECTOR,
        /** A webhook an administrator registered, by its id. */
        WEBHOOK,
        /** An e-mail address, through the deployment's e-mail channels. */
        EMAIL;

        /** @return the name in the API and the database: {@code triage}, {@code connector}... */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "names", nullable = false, length = 4000)
    private String names;

    @Column(name = "target_kind", nullable = false, length = 20)
    private String targetKind;

    @Column(name = "target", length = 254)
    private String target;

    @Column(name = "default_body", nullable = false)
    private boolean defaultBody;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Column(name = "retired_at")
    private OffsetDateTime retiredAt;

    @Version
    @Column(name = "version", nullable = false)
    private int version;

    /** For JPA. */
    protected Body() {
    }

    Body(String id, Map<String, String> names, Target kind, String target, Instant now) {
        this.id = id;
        this.createdAt = now.atOffset(ZoneOffset.UTC);
        change(names, kind, target, now);
    }

    /** Sets what is given ({@code null} names or kind: unchanged). */
    void change(Map<String, String> newNames, Target kind, String newTarget, Instant now) {
        if (newNames != null) {
            this.names = LocalizedNames.toJson(newNames);
        }
        if (kind != null) {
            this.targetKind = kind.wireName();
            this.target = newTarget;
        }
        touch(now);
    }

    void makeDefault(boolean isDefault, Instant now) {
        this.defaultBody = isDefault;
        touch(now);
    }

    void retire(Instant now) {
        this.retiredAt = now.atOffset(ZoneOffset.UTC);
        this.defaultBody = false;
        touch(now);
    }

    void touch(Instant now) {
        this.updatedAt = now.atOffset(ZoneOffset.UTC);
    }

    /** @return the body's id */
    public String getId() {
        return id;
    }

    /** @return the names by language tag, in the order they were given */
    public Map<String, String> getNames() {
        return LocalizedNames.read(names);
    }

    /**
     * @param reader   the reader's language, or {@code null}
     * @param fallback the deployment's default language, or {@code null}
     * @return the name for that reader ({@link LocalizedNames#pick})
     */
    public String name(Locale reader, Locale fallback) {
        return LocalizedNames.pick(getNames(), reader, fallback);
    }

    /** @return where its reports are delivered */
    public Target getTargetKind() {
        return Target.valueOf(targetKind.toUpperCase(Locale.ROOT));
    }

    /** @return the connector's plugin id, the webhook's id or the e-mail address; {@code null} for triage */
    public String getTarget() {
        return target;
    }

    /** @return whether it receives the reports no rule routes */
    public boolean isDefault() {
        return defaultBody;
    }

    /** @return when it was created */
    public Instant getCreatedAt() {
        return createdAt.toInstant();
    }

    /** @return when it last changed */
    public Instant getUpdatedAt() {
        return updatedAt.toInstant();
    }

    /** @return when it was retired, or {@code null} */
    public Instant getRetiredAt() {
        return retiredAt == null ? null : retiredAt.toInstant();
    }

    /** @return whether it is retired */
    public boolean isRetired() {
        return retiredAt != null;
    }

    /** @return its version, raised by every change */
    public int getVersion() {
        return version;
    }
}
