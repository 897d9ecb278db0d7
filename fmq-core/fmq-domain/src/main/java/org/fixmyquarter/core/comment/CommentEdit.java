package org.fixmyquarter.core.comment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The wording a comment had before an edit (or a deletion).
 */
@Entity
@Table(name = "fmq_comment_edit")
public class CommentEdit {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "comment_id", nullable = false, length = 32)
    private String commentId;

    @Column(name = "previous_body", nullable = false, length = 2000)
    private String previousBody;

    @Column(name = "edited_at", nullable = false)
    private OffsetDateTime editedAt;

    /** For JPA only. */
    protected CommentEdit() {
    }

    CommentEdit(String id, String commentId, String previousBody, Instant at) {
        this.id = id;
        this.commentId = commentId;
        this.previousBody = previousBody;
        this.editedAt = at.atOffset(ZoneOffset.UTC);
    }

    /** @return the comment */
    public String getCommentId() {
        return commentId;
    }

    /** @return its wording before the change */
    public String getPreviousBody() {
        return previousBody;
    }

    /** @return when it changed */
    public Instant getEditedAt() {
        return editedAt.toInstant();
    }
}
