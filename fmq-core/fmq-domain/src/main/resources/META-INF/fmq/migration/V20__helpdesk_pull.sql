-- Pulling back what helpdesks did with their cases (SPI 1.5, HelpdeskConnector.updates): per
-- case, what the server already applied, so that an update the connector returns again is never
-- applied twice, and when the case was last asked about, so that every open case gets its turn.

-- When the server last asked the connector about the case (the start of that call); NULL before
-- the first time. It is also the "since" of the next call.
ALTER TABLE fmq_helpdesk_ticket ADD COLUMN pulled_at TIMESTAMP WITH TIME ZONE;
-- The helpdesk's time of the newest update applied; an update not newer than it is skipped.
ALTER TABLE fmq_helpdesk_ticket ADD COLUMN update_at TIMESTAMP WITH TIME ZONE;
-- The helpdesk's own status code of that update, kept for staff and support.
ALTER TABLE fmq_helpdesk_ticket ADD COLUMN external_status VARCHAR(100);
-- SHA-256 (hex) of the last notes written into the report's history, so that a helpdesk that
-- repeats its notes with a newer time does not repeat them publicly.
ALTER TABLE fmq_helpdesk_ticket ADD COLUMN notes_digest VARCHAR(64);
-- When the helpdesk closed the case; a closed case is not asked about any more.
ALTER TABLE fmq_helpdesk_ticket ADD COLUMN closed_at TIMESTAMP WITH TIME ZONE;

-- The pull claims a connector's open cases, least recently asked first.
CREATE INDEX fmq_helpdesk_ticket_pull_idx ON fmq_helpdesk_ticket (connector, closed_at, pulled_at);
