-- An in-app notification of a comment quotes it, so it must leave the inbox when a moderator
-- hides the comment (abuse, personal data), as it already does when the report is hidden. The
-- notification keeps which comment it quotes; older notifications have none and stay listed.
ALTER TABLE fmq_notification ADD COLUMN comment_id VARCHAR(32);
