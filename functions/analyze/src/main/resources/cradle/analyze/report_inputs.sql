-- Cradle analysis: one row per baby that has events in the 14 report days ending @run_date,
-- with that day's figures, the average of the last 7 logged days and of the 7 days before.
--
-- A report day runs from 06:00 to 06:00 local time (@time_zone), and every sleep, feed and
-- diaper belongs to the report day and period in which it STARTS. So one night, from bedtime
-- to morning, belongs to one report day - the day whose evening it began in - and a sleep that
-- runs past 06:00 is counted whole in the night it started. Night is 19:00-06:00, day is
-- 06:00-19:00: a sleep that starts in the day is a nap.
--
-- Parameters: @run_date DATE, @time_zone STRING, @window_start / @window_end TIMESTAMP (the UTC
-- bounds of the 14 report days, computed by the caller so BigQuery prunes partitions).
-- Written in BigQuery Standard SQL; the local profile runs it unchanged on DuckDB with the
-- macros in duckdb_compat.sql.
WITH
  dated AS (
    SELECT
      user_id,
      baby_id,
      event_type,
      feed_method,
      amount_ml,
      diaper_kind,
      UNIX_SECONDS(started_at) AS start_s,
      UNIX_SECONDS(ended_at) AS end_s,
      CAST(DATETIME_SUB(DATETIME(started_at, @time_zone), INTERVAL 6 HOUR) AS DATE) AS report_date,
      EXTRACT(HOUR FROM DATETIME(started_at, @time_zone)) NOT BETWEEN 6 AND 18 AS at_night
    FROM events
    WHERE started_at >= @window_start AND started_at < @window_end
  ),
  sleeps AS (
    SELECT user_id, baby_id, report_date, at_night, (end_s - start_s) / 60 AS minutes
    FROM dated
    WHERE event_type = 'sleep' AND end_s > start_s
  ),
  sleep_daily AS (
    SELECT
      user_id,
      baby_id,
      report_date,
      SUM(minutes) AS sleep_min,
      SUM(CASE WHEN at_night THEN 0 ELSE minutes END) AS day_sleep_min,
      SUM(CASE WHEN at_night THEN minutes ELSE 0 END) AS night_sleep_min,
      MAX(minutes) AS longest_sleep_min,
      -- each night sleep after the first is the baby going back to sleep after waking
      GREATEST(SUM(CASE WHEN at_night THEN 1 ELSE 0 END) - 1, 0) AS night_wakings,
      SUM(CASE WHEN at_night THEN 0 ELSE 1 END) AS naps
    FROM sleeps
    GROUP BY user_id, baby_id, report_date
  ),
  feeds AS (
    SELECT
      user_id,
      baby_id,
      report_date,
      feed_method,
      amount_ml,
      start_s - LAG(start_s) OVER (PARTITION BY user_id, baby_id, report_date ORDER BY start_s)
        AS gap_s
    FROM dated
    WHERE event_type = 'feed'
  ),
  feed_daily AS (
    SELECT
      user_id,
      baby_id,
      report_date,
      COUNT(*) AS feeds,
      SUM(CASE WHEN feed_method = 'breast' THEN 1 ELSE 0 END) AS breast_feeds,
      SUM(CASE WHEN feed_method = 'bottle' THEN 1 ELSE 0 END) AS bottle_feeds,
      COALESCE(SUM(CASE WHEN feed_method = 'bottle' THEN amount_ml END), 0) AS bottle_ml,
      AVG(gap_s) / 60 AS mean_feed_gap_min
    FROM feeds
    GROUP BY user_id, baby_id, report_date
  ),
  diaper_daily AS (
    SELECT
      user_id,
      baby_id,
      report_date,
      SUM(CASE WHEN diaper_kind IN ('wet', 'mixed') THEN 1 ELSE 0 END) AS wet_diapers,
      SUM(CASE WHEN diaper_kind IN ('dirty', 'mixed') THEN 1 ELSE 0 END) AS dirty_diapers
    FROM dated
    WHERE event_type = 'diaper'
    GROUP BY user_id, baby_id, report_date
  ),
  -- a logged day is a report day with at least one event; averages are over logged days, so a
  -- family that stops logging for a few days does not look like a baby who stopped sleeping
  daily AS (
    SELECT
      d.user_id,
      d.baby_id,
      UNIX_DATE(@run_date) - UNIX_DATE(d.report_date) AS days_ago,
      COALESCE(s.sleep_min, 0) AS sleep_min,
      COALESCE(s.day_sleep_min, 0) AS day_sleep_min,
      COALESCE(s.night_sleep_min, 0) AS night_sleep_min,
      COALESCE(s.longest_sleep_min, 0) AS longest_sleep_min,
      COALESCE(s.night_wakings, 0) AS night_wakings,
      COALESCE(s.naps, 0) AS naps,
      COALESCE(f.feeds, 0) AS feeds,
      COALESCE(f.breast_feeds, 0) AS breast_feeds,
      COALESCE(f.bottle_feeds, 0) AS bottle_feeds,
      COALESCE(f.bottle_ml, 0) AS bottle_ml,
      f.mean_feed_gap_min,
      COALESCE(p.wet_diapers, 0) AS wet_diapers,
      COALESCE(p.dirty_diapers, 0) AS dirty_diapers
    FROM (SELECT DISTINCT user_id, baby_id, report_date FROM dated) AS d
    LEFT JOIN sleep_daily AS s USING (user_id, baby_id, report_date)
    LEFT JOIN feed_daily AS f USING (user_id, baby_id, report_date)
    LEFT JOIN diaper_daily AS p USING (user_id, baby_id, report_date)
  ),
  per_baby AS (
    SELECT
      user_id,
      baby_id,
      MAX(CASE WHEN days_ago = 0 THEN 1 ELSE 0 END) = 1 AS logged_today,
      SUM(CASE WHEN days_ago = 0 THEN sleep_min ELSE 0 END) AS sleep_min,
      SUM(CASE WHEN days_ago = 0 THEN day_sleep_min ELSE 0 END) AS day_sleep_min,
      SUM(CASE WHEN days_ago = 0 THEN night_sleep_min ELSE 0 END) AS night_sleep_min,
      SUM(CASE WHEN days_ago = 0 THEN longest_sleep_min ELSE 0 END) AS longest_sleep_min,
      SUM(CASE WHEN days_ago = 0 THEN night_wakings ELSE 0 END) AS night_wakings,
      SUM(CASE WHEN days_ago = 0 THEN naps ELSE 0 END) AS naps,
      SUM(CASE WHEN days_ago = 0 THEN feeds ELSE 0 END) AS feeds,
      SUM(CASE WHEN days_ago = 0 THEN breast_feeds ELSE 0 END) AS breast_feeds,
      SUM(CASE WHEN days_ago = 0 THEN bottle_feeds ELSE 0 END) AS bottle_feeds,
      SUM(CASE WHEN days_ago = 0 THEN bottle_ml ELSE 0 END) AS bottle_ml,
      MAX(CASE WHEN days_ago = 0 THEN mean_feed_gap_min END) AS mean_feed_gap_min,
      SUM(CASE WHEN days_ago = 0 THEN wet_diapers ELSE 0 END) AS wet_diapers,
      SUM(CASE WHEN days_ago = 0 THEN dirty_diapers ELSE 0 END) AS dirty_diapers,
      MIN(CASE WHEN dirty_diapers > 0 THEN days_ago END) AS days_since_dirty,
      SUM(CASE WHEN days_ago < 7 THEN 1 ELSE 0 END) AS days_logged_7d,
      AVG(CASE WHEN days_ago < 7 THEN sleep_min END) AS avg_sleep_min_7d,
      AVG(CASE WHEN days_ago < 7 THEN night_sleep_min END) AS avg_night_sleep_min_7d,
      AVG(CASE WHEN days_ago < 7 THEN night_wakings END) AS avg_night_wakings_7d,
      AVG(CASE WHEN days_ago < 7 THEN naps END) AS avg_naps_7d,
      AVG(CASE WHEN days_ago < 7 THEN feeds END) AS avg_feeds_7d,
      AVG(CASE WHEN days_ago < 7 THEN bottle_ml END) AS avg_bottle_ml_7d,
      AVG(CASE WHEN days_ago < 7 THEN wet_diapers END) AS avg_wet_diapers_7d,
      AVG(CASE WHEN days_ago < 7 THEN dirty_diapers END) AS avg_dirty_diapers_7d,
      SUM(CASE WHEN days_ago >= 7 THEN 1 ELSE 0 END) AS days_logged_prev_7d,
      AVG(CASE WHEN days_ago >= 7 THEN sleep_min END) AS avg_sleep_min_prev_7d,
      AVG(CASE WHEN days_ago >= 7 THEN night_wakings END) AS avg_night_wakings_prev_7d,
      AVG(CASE WHEN days_ago >= 7 THEN feeds END) AS avg_feeds_prev_7d,
      AVG(CASE WHEN days_ago >= 7 THEN bottle_ml END) AS avg_bottle_ml_prev_7d
    FROM daily
    GROUP BY user_id, baby_id
  )
SELECT
  @run_date AS report_date,
  p.user_id,
  p.baby_id,
  b.birth_date,
  UNIX_DATE(@run_date) - UNIX_DATE(b.birth_date) AS age_days,
  p.logged_today,
  ROUND(p.sleep_min, 1) AS sleep_min,
  ROUND(p.day_sleep_min, 1) AS day_sleep_min,
  ROUND(p.night_sleep_min, 1) AS night_sleep_min,
  ROUND(p.longest_sleep_min, 1) AS longest_sleep_min,
  p.night_wakings,
  p.naps,
  p.feeds,
  p.breast_feeds,
  p.bottle_feeds,
  p.bottle_ml,
  ROUND(p.mean_feed_gap_min, 1) AS mean_feed_gap_min,
  p.wet_diapers,
  p.dirty_diapers,
  p.days_since_dirty,
  p.days_logged_7d,
  ROUND(p.avg_sleep_min_7d, 1) AS avg_sleep_min_7d,
  ROUND(p.avg_night_sleep_min_7d, 1) AS avg_night_sleep_min_7d,
  ROUND(p.avg_night_wakings_7d, 2) AS avg_night_wakings_7d,
  ROUND(p.avg_naps_7d, 2) AS avg_naps_7d,
  ROUND(p.avg_feeds_7d, 2) AS avg_feeds_7d,
  ROUND(p.avg_bottle_ml_7d, 1) AS avg_bottle_ml_7d,
  ROUND(p.avg_wet_diapers_7d, 2) AS avg_wet_diapers_7d,
  ROUND(p.avg_dirty_diapers_7d, 2) AS avg_dirty_diapers_7d,
  p.days_logged_prev_7d,
  ROUND(p.avg_sleep_min_prev_7d, 1) AS avg_sleep_min_prev_7d,
  ROUND(SAFE_DIVIDE(p.avg_sleep_min_7d - p.avg_sleep_min_prev_7d, p.avg_sleep_min_prev_7d), 3)
    AS sleep_change,
  ROUND(SAFE_DIVIDE(p.avg_night_wakings_7d - p.avg_night_wakings_prev_7d, p.avg_night_wakings_prev_7d), 3)
    AS night_wakings_change,
  ROUND(SAFE_DIVIDE(p.avg_feeds_7d - p.avg_feeds_prev_7d, p.avg_feeds_prev_7d), 3)
    AS feeds_change,
  ROUND(SAFE_DIVIDE(p.avg_bottle_ml_7d - p.avg_bottle_ml_prev_7d, p.avg_bottle_ml_prev_7d), 3)
    AS bottle_ml_change
FROM per_baby AS p
LEFT JOIN babies AS b USING (user_id, baby_id)
ORDER BY p.user_id, p.baby_id
