package org.fixmyquarter.core.comment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.fixmyquarter.core.moderation.Hiding;

/**
 * A comment on a report, in plain text. Edits keep the earlier wording ({@link CommentEdit});
 * a deleted comment keeps its row, without its text.
 */
@Entity
@Table(name = "fmq_comment")
public class Comment {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "report_id", nullable = false, length = 32)
    private String reportId;

    @Column(name = "author_id", nullable = false, length = 64)
    private String authorId;

    @Column(name = "author_name", nullable = false, length = 100)
    private String authorName;

    @Column(name = "body", nullable = false, length = 2000)
    private String body;

    @Column(name = "official", nullable = false)
    private boolean official;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "edited_at")
    private OffsetDateTime editedAt;

    @Column(name = "deleted_at")
    private OffsetDateTime deletedAt;

    @Embedded
    private Hiding hiding = new Hiding();

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    /** For JPA only. */
    protected Comment() {
    }

    Comment(String id, String reportId, String authorId, String authorName, String body, boolean official, Instant at) {
        this.id = id;
        this.official = official;
        this.reportId = reportId;
        this.authorId = authorId;
        this.authorName = authorName;
        this.body = body;
        this.createdAt = at.atOffset(ZoneOffset.UTC);
    }

    /** @return the comment's id */
    public String getId() {
        return id;
    }

    /** @return the report commented on */
    public String getReportId() {
        return reportId;
    }

    /** @return the author's account id */
    public String getAuthorId() {
        return authorId;
    }

    /** @return the author's name at the time */
    public String getAuthorName() {
        return authorName;
    }

    /** @return the text, or an empty string once deleted */
    public String getBody() {
        return body;
    }

    /** @return whether staff posted it as the official reply of the responsible body */
    public boolean isOfficial() {
        return official;
    }

    /** @return when it was written */
    public Instant getCreatedAt() {
        return createdAt.toInstant();
    }

    /** @return when it was last edited, or {@code null} */
    public Instant getEditedAt() {
        return editedAt == null ? null : editedAt.toInstant();
    }

    /** @return whether its author deleted it */
    public boolean isDeleted() {
        return deletedAt != null;
    }

    void edit(String newBody, Instant at) {
        this.body = newBody;
        this.editedAt = at.atOffset(ZoneOffset.UTC);
    }

    void delete(Instant at) {
        this.body = "";
        this.deletedAt = at.atOffset(ZoneOffset.UTC);
    }

    /** @return whether and why a moderator hid it; never {@code null} */
    public Hiding getHiding() {
        // Its "hidden" column is never NULL, so JPA always reads it; the check only guards a getter.
        return hiding == null ? new Hiding() : hiding;
    }
}
