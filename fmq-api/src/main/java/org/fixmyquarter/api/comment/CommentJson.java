package org.fixmyquarter.api.comment;

import jakarta.json.JsonArray;
import jakarta.json.JsonObjectBuilder;

import org.fixmyquarter.api.http.JsonBody;
import org.fixmyquarter.api.moderation.ModerationJson;
import org.fixmyquarter.core.comment.Comment;

/**
 * The JSON shape of comments in the API.
 */
public final class CommentJson {

    private CommentJson() {
    }

    /**
     * @param comment a comment
     * @param photos  its photos, as the reader may see them
     * @return {@code {id, author, text, official, createdAt, deleted, editedAt, photos}}, plus
     *         {@code hidden} for a comment a moderator hid (only staff are shown those)
     */
    public static JsonObjectBuilder write(Comment comment, JsonArray photos) {
        var item = JsonBody.JSON.createObjectBuilder()
                .add("id", comment.getId())
                .add("author", comment.getAuthorName())
                .add("text", comment.getBody())
                .add("official", comment.isOfficial())
                .add("createdAt", comment.getCreatedAt().toString())
                .add("deleted", comment.isDeleted())
                .add("photos", photos);
        ModerationJson.addHidden(item, comment.getHiding());
        return comment.getEditedAt() == null ? item.addNull("editedAt")
                : item.add("editedAt", comment.getEditedAt().toString());
    }
}
