package org.fixmyquarter.core.moderation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * Whether a moderator hid a report or a comment: who (their name), when and why. Embedded in both;
 * only {@link Moderation} changes it, so every change has its audit entry and event.
 */
@Embeddable
public class Hiding {

    @Column(name = "hidden", nullable = false)
    private boolean hidden;

    @Column(name = "hidden_at")
    private OffsetDateTime hiddenAt;

    @Column(name = "hidden_by", length = 100)
    private String hiddenBy;

    @Column(name = "hidden_reason", length = 500)
    private String hiddenReason;

    /** Visible content; also for JPA. */
    public Hiding() {
    }

    /** @return whether the content is hidden from the public */
    public boolean isHidden() {
        return hidden;
    }

    /** @return when it was hidden, or {@code null} while visible */
    public Instant getHiddenAt() {
        return hiddenAt == null ? null : hiddenAt.toInstant();
    }

    /** @return the name of the moderator who hid it, or {@code null} */
    public String getHiddenBy() {
        return hiddenBy;
    }

    /** @return why it was hidden, or {@code null} */
    public String getHiddenReason() {
        return hiddenReason;
    }

    void hide(String by, String reason, Instant at) {
        this.hidden = true;
        this.hiddenAt = at.atOffset(ZoneOffset.UTC);
        this.hiddenBy = by;
        this.hiddenReason = reason;
    }

    void unhide() {
        this.hidden = false;
        this.hiddenAt = null;
        this.hiddenBy = null;
        this.hiddenReason = null;
    }
}
