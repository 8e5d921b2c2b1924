-- BigQuery functions the analysis uses that DuckDB lacks or spells differently. Temporary
-- macros, made on each connection, so the warehouse file holds only data.
CREATE OR REPLACE TEMP MACRO datetime(ts, tz) AS timezone(tz, ts);
CREATE OR REPLACE TEMP MACRO datetime_sub(d, i) AS d - i;
-- GoogleSQL's UNIX_SECONDS truncates to the second; CAST of epoch()'s fraction would round it
CREATE OR REPLACE TEMP MACRO unix_seconds(ts) AS CAST(floor(epoch(ts)) AS BIGINT);
CREATE OR REPLACE TEMP MACRO unix_date(d) AS (CAST(d AS DATE) - DATE '1970-01-01');
CREATE OR REPLACE TEMP MACRO safe_divide(a, b) AS CASE WHEN b = 0 THEN NULL ELSE a / b END;
