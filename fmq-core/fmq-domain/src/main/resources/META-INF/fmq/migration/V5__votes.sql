-- One vote per user per report; fmq_report.vote_count is kept equal to the number of rows here.
CREATE TABLE fmq_vote (
    report_id  VARCHAR(32)              NOT NULL REFERENCES fmq_report (id),
    user_id    VARCHAR(64)              NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (report_id, user_id)
);

-- "Most supported" lists walk (vote_count, created_at, id) backwards.
CREATE INDEX fmq_report_votes_idx ON fmq_report (vote_count, created_at, id);
