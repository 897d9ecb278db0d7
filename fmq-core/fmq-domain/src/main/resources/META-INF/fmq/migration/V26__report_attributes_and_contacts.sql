-- The answers to a category's extra questions (CategoryProvider.attributes, SPI 1.6), as an
-- Open311 client sent them with attribute[code]=value: one row per value, so that a
-- multivaluelist keeps every value in the order sent (seq 0, 1, ...). Public, like the report.
CREATE TABLE fmq_report_attribute (
    report_id VARCHAR(32)   NOT NULL REFERENCES fmq_report (id),
    code      VARCHAR(64)   NOT NULL,
    seq       INTEGER       NOT NULL,
    answer    VARCHAR(4000) NOT NULL,
    PRIMARY KEY (report_id, code, seq)
);

-- How to reach the person behind a report an Open311 app posted (email, first_name, last_name,
-- phone, device_id, account_id): private, shown to operators and administrators only, and
-- removed fmq.open311.contact-retention after the report is closed (docs/open311.md).
CREATE TABLE fmq_report_contact (
    report_id   VARCHAR(32)              NOT NULL PRIMARY KEY REFERENCES fmq_report (id),
    email       VARCHAR(254),
    first_name  VARCHAR(100),
    last_name   VARCHAR(100),
    phone       VARCHAR(50),
    device_id   VARCHAR(200),
    -- The app's account_id as sent; account_id is set when it is the id of an account here.
    app_account VARCHAR(200),
    account_id  VARCHAR(32),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
