-- Cradle analysis: one row per baby with events in the 14 report days ending @run_date, or with
-- events since @history_start (a paused family: its report says so until the retention passes).
--
-- A report day runs from 06:00 to 06:00 local time (@time_zone), and every sleep, feed and
-- diaper belongs to the report day and period in which it STARTS. So one night, from bedtime
-- to morning, belongs to one report day - the day whose evening it began in - and a sleep that
-- runs past 06:00 is counted whole in the night it started. Night is 19:00-06:00, day is
-- 06:00-19:00: a sleep that starts in the day is a nap.
--
-- Hygiene, counted per baby (the *_excluded columns):
--   * exact duplicates (same baby, type, times, method, amount, kind; any event id) count once;
--   * a sleep without an end, or ending before it starts, is left out;
--   * a sleep longer than 14 hours (a timer left running) is left out;
--   * a sleep wholly inside an earlier one is left out; one that overlaps counts from where the
--     earlier ends (the overlap once);
--   * a feed with no or an unknown method counts as `other`.
--
-- Completeness, per baby and day and category (day_*_complete): a day's log of a category is
-- complete enough to judge when
--   * sleep: judged from the logging, never from how long the baby slept or how many naps it
--     took (a short sleeper or a toddler dropping a nap is what the report exists to see):
--     a night sleep is logged; after bedtime no stretch longer than 3 h with nothing logged
--     between two entries (babies wake at night for minutes, not hours: a longer silence between
--     two entries is a sleep left out; after the night's last entry the 5-h rule applies, but
--     after the log's last entry, with no morning to show the family logging, the 3-h one); no
--     stretch longer than 5 h with nothing at all logged (no entry of any category and no logged
--     sleep: a forgotten afternoon, morning or end of night), measured from the day's 06:00 or
--     an entry up to the family's next entry, the next morning's too; and no
--     sleep timer left open or running past 14 h that day (its length is unknown);
--   * feeds, and diapers: judged from the logging too, never from how many there were (a floor
--     on the count would drop exactly the days a baby fed less, and let a forgotten afternoon
--     pass when the rest of the day reached it): at least one of the category is logged that
--     day, and over the waking day (06:00 to 19:00) no stretch longer than 5 h has nothing at
--     all logged (no entry of any category and no logged sleep; measured as for sleep, up to the
--     family's next entry). The night is not judged for them: many babies are not fed or changed
--     at night, so a silent night says nothing about a forgotten feed.
-- Averages of a category use only its complete days.
--
-- Parameters: @run_date DATE, @time_zone STRING, @window_start / @window_end TIMESTAMP (the UTC
-- bounds of the 14 report days) and @history_start TIMESTAMP (how far back a paused family is
-- still reported), computed by the caller so BigQuery prunes partitions.
-- Written in BigQuery Standard SQL; the local profile runs it unchanged on DuckDB with the
-- macros in duckdb_compat.sql.
WITH
  logged AS (
    SELECT
      user_id,
      baby_id,
      event_type,
      started_at,
      ended_at,
      feed_method,
      amount_ml,
      diaper_kind,
      COUNT(*) AS copies
    FROM events
    WHERE started_at >= @history_start AND started_at < @window_end
    GROUP BY user_id, baby_id, event_type, started_at, ended_at, feed_method, amount_ml, diaper_kind
  ),
  dated AS (
    SELECT
      user_id,
      baby_id,
      event_type,
      started_at,
      feed_method,
      amount_ml,
      diaper_kind,
      copies,
      UNIX_SECONDS(started_at) AS start_s,
      UNIX_SECONDS(ended_at) AS end_s,
      CAST(DATETIME_SUB(DATETIME(started_at, @time_zone), INTERVAL 6 HOUR) AS DATE) AS report_date,
      EXTRACT(HOUR FROM DATETIME(started_at, @time_zone)) NOT BETWEEN 6 AND 18 AS at_night,
      -- minutes from the report day's 06:00 (19:00 is 780, midnight 1080, 04:30 next day 1350)
      (EXTRACT(HOUR FROM DATETIME(started_at, @time_zone)) + 18) * 60
        + EXTRACT(MINUTE FROM DATETIME(started_at, @time_zone))
        - CASE WHEN EXTRACT(HOUR FROM DATETIME(started_at, @time_zone)) < 6 THEN 0 ELSE 1440 END
        AS start_min
    FROM logged
  ),
  last_logged AS (
    SELECT user_id, baby_id, MAX(report_date) AS last_logged_date
    FROM dated
    GROUP BY user_id, baby_id
  ),
  recent AS (
    SELECT * FROM dated WHERE started_at >= @window_start
  ),
  valid_sleeps AS (
    SELECT
      user_id,
      baby_id,
      report_date,
      at_night,
      start_s,
      end_s,
      start_min,
      MAX(end_s) OVER (
        PARTITION BY user_id, baby_id
        ORDER BY start_s, end_s
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
      ) AS covered_until
    FROM recent
    WHERE event_type = 'sleep' AND end_s > start_s AND end_s - start_s <= 14 * 3600
  ),
  sleeps AS (
    SELECT
      user_id,
      baby_id,
      report_date,
      at_night,
      start_min,
      end_s - GREATEST(start_s, COALESCE(covered_until, start_s)) AS seconds
    FROM valid_sleeps
  ),
  sleep_daily AS (
    SELECT
      user_id,
      baby_id,
      report_date,
      SUM(seconds) AS sleep_s,
      SUM(CASE WHEN at_night THEN seconds ELSE 0 END) AS night_sleep_s,
      MAX(seconds) AS longest_sleep_s,
      -- each night sleep after the first is the baby going back to sleep after waking
      GREATEST(SUM(CASE WHEN at_night THEN 1 ELSE 0 END) - 1, 0) AS night_wakings,
      SUM(CASE WHEN at_night THEN 0 ELSE 1 END) AS naps,
      MAX(CASE WHEN at_night THEN 1 ELSE 0 END) = 1 AS night_logged
    FROM sleeps
    WHERE seconds > 0
    GROUP BY user_id, baby_id, report_date
  ),
  -- what the family logged, whatever the category: each entry covers its span (a sleep timer left
  -- open or over 14 h only its start)
  entries AS (
    SELECT
      user_id,
      baby_id,
      report_date,
      start_s,
      start_min,
      CASE WHEN end_s > start_s AND end_s - start_s <= 14 * 3600 THEN end_s ELSE start_s END
        AS cover_end_s,
      -- bedtime: the report day's first night sleep
      MIN(
        CASE
          WHEN event_type = 'sleep' AND at_night AND end_s > start_s AND end_s - start_s <= 14 * 3600
            THEN start_s
        END) OVER (PARTITION BY user_id, baby_id, report_date) AS bedtime_s,
      CASE
        WHEN event_type = 'sleep' AND (end_s IS NULL OR end_s <= start_s OR end_s - start_s > 14 * 3600)
          THEN 1
        ELSE 0
      END AS open_sleep
    FROM recent
  ),
  covered AS (
    SELECT
      *,
      MAX(cover_end_s) OVER (
        PARTITION BY user_id, baby_id
        ORDER BY start_s, cover_end_s
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
      ) AS covered_before,
      MAX(cover_end_s) OVER (
        PARTITION BY user_id, baby_id
        ORDER BY start_s, cover_end_s
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
      ) AS covered_through,
      -- the family's next entry, whichever report day it belongs to
      LEAD(start_s) OVER (PARTITION BY user_id, baby_id ORDER BY start_s, cover_end_s)
        AS next_start_s
    FROM entries
  ),
  log_daily AS (
    SELECT
      user_id,
      baby_id,
      report_date,
      -- the longest stretch with nothing logged: before each entry, from the report day's 06:00
      -- at the earliest, and after each, up to the family's next entry even when that is the next
      -- morning's (06:00 is no event in a family's night), or to the report day's end (taken as
      -- 24 h after its 06:00) when the log ends first
      GREATEST(
        MAX(LEAST(start_s - COALESCE(covered_before, 0), start_min * 60)),
        MAX(COALESCE(next_start_s, start_s - start_min * 60 + 24 * 3600) - covered_through))
        AS longest_unlogged_s,
      -- between two entries after bedtime: the family logged before and after it, and babies
      -- wake at night for minutes, so a longer silence there is a sleep left out. After the
      -- night's last entry only the day's rule applies: a baby up at 03:00 for good is no gap in
      -- the log, and how early it woke is the baby's sleep, not the family's logging. Except
      -- after the log's very last entry, with no morning entry to show the family logging: there
      -- a silence to the report day's end is a sleep still running or not entered yet.
      GREATEST(
        COALESCE(MAX(CASE WHEN start_s > bedtime_s THEN start_s - covered_before END), 0),
        COALESCE(
          MAX(
            CASE
              WHEN next_start_s IS NULL AND bedtime_s IS NOT NULL
                THEN day_start_s + 24 * 3600 - covered_through
            END),
          0)) AS longest_unlogged_night_s,
      -- the same, within the waking day (06:00 to 19:00) only: what feeds and diapers are judged
      -- by, since a night without a feed or a change says nothing about a forgotten one
      GREATEST(
        MAX(
          GREATEST(
            LEAST(start_s, day_start_s + 13 * 3600)
              - GREATEST(COALESCE(covered_before, 0), day_start_s),
            0)),
        MAX(
          GREATEST(
            LEAST(COALESCE(next_start_s, day_start_s + 24 * 3600), day_start_s + 13 * 3600)
              - covered_through,
            0))) AS longest_unlogged_waking_s,
      MAX(open_sleep) AS open_sleeps
    FROM (SELECT *, start_s - start_min * 60 AS day_start_s FROM covered) AS c
    GROUP BY user_id, baby_id, report_date
  ),
  feed_daily AS (
    SELECT
      user_id,
      baby_id,
      report_date,
      COUNT(*) AS feeds,
      SUM(CASE WHEN feed_method = 'breast' THEN 1 ELSE 0 END) AS breast_feeds,
      SUM(CASE WHEN feed_method = 'bottle' THEN 1 ELSE 0 END) AS bottle_feeds,
      SUM(CASE WHEN feed_method = 'bottle' AND amount_ml > 0 THEN amount_ml ELSE 0 END)
        AS bottle_ml
    FROM recent
    WHERE event_type = 'feed'
    GROUP BY user_id, baby_id, report_date
  ),
  diaper_daily AS (
    SELECT
      user_id,
      baby_id,
      report_date,
      COUNT(*) AS diapers,
      SUM(CASE WHEN diaper_kind IN ('wet', 'mixed') THEN 1 ELSE 0 END) AS wet_diapers,
      SUM(CASE WHEN diaper_kind IN ('dirty', 'mixed') THEN 1 ELSE 0 END) AS dirty_diapers
    FROM recent
    WHERE event_type = 'diaper'
    GROUP BY user_id, baby_id, report_date
  ),
  -- a logged day is a report day with at least one event
  daily AS (
    SELECT
      d.user_id,
      d.baby_id,
      d.report_date,
      UNIX_DATE(@run_date) - UNIX_DATE(d.report_date) AS days_ago,
      CASE
        WHEN b.birth_date <= d.report_date THEN UNIX_DATE(d.report_date) - UNIX_DATE(b.birth_date)
      END AS age_days,
      CAST(ROUND(COALESCE(s.sleep_s, 0) / 60) AS INT64) AS sleep_min,
      CAST(ROUND(COALESCE(s.night_sleep_s, 0) / 60) AS INT64) AS night_sleep_min,
      CAST(ROUND(COALESCE(s.longest_sleep_s, 0) / 60) AS INT64) AS longest_sleep_min,
      COALESCE(s.night_wakings, 0) AS night_wakings,
      COALESCE(s.naps, 0) AS naps,
      -- the sleep log is whole (see the header): judged from the logging, not from the sleep
      COALESCE(
        s.night_logged
          AND g.longest_unlogged_night_s <= 3 * 3600
          AND g.longest_unlogged_s <= 5 * 3600
          AND g.open_sleeps = 0,
        FALSE) AS sleep_complete,
      COALESCE(f.feeds, 0) AS feeds,
      COALESCE(f.breast_feeds, 0) AS breast_feeds,
      COALESCE(f.bottle_feeds, 0) AS bottle_feeds,
      COALESCE(f.feeds - f.breast_feeds - f.bottle_feeds, 0) AS other_feeds,
      COALESCE(f.bottle_ml, 0) AS bottle_ml,
      COALESCE(p.diapers, 0) AS diapers,
      COALESCE(p.wet_diapers, 0) AS wet_diapers,
      COALESCE(p.dirty_diapers, 0) AS dirty_diapers,
      COALESCE(g.longest_unlogged_waking_s <= 5 * 3600, FALSE) AS waking_log_whole
    FROM (SELECT DISTINCT user_id, baby_id, report_date FROM recent) AS d
    LEFT JOIN babies AS b ON b.user_id = d.user_id AND b.baby_id = d.baby_id
    LEFT JOIN sleep_daily AS s
      ON s.user_id = d.user_id AND s.baby_id = d.baby_id AND s.report_date = d.report_date
    LEFT JOIN feed_daily AS f
      ON f.user_id = d.user_id AND f.baby_id = d.baby_id AND f.report_date = d.report_date
    LEFT JOIN diaper_daily AS p
      ON p.user_id = d.user_id AND p.baby_id = d.baby_id AND p.report_date = d.report_date
    LEFT JOIN log_daily AS g
      ON g.user_id = d.user_id AND g.baby_id = d.baby_id AND g.report_date = d.report_date
  ),
  judged AS (
    SELECT
      *,
      -- judged from the logging, like sleep (see the header), never from the count
      feeds > 0 AND waking_log_whole AS feeds_complete,
      diapers > 0 AND waking_log_whole AS diapers_complete
    FROM daily
  ),
  per_baby AS (
    SELECT
      user_id,
      baby_id,
      SUM(CASE WHEN days_ago < 7 THEN 1 ELSE 0 END) AS days_logged_7d,
      SUM(CASE WHEN days_ago >= 7 THEN 1 ELSE 0 END) AS days_logged_prev_7d,
      SUM(CASE WHEN days_ago < 7 AND sleep_complete THEN 1 ELSE 0 END) AS sleep_days_7d,
      AVG(CASE WHEN days_ago < 7 AND sleep_complete THEN sleep_min END) AS avg_sleep_min_7d,
      AVG(CASE WHEN days_ago < 7 AND sleep_complete THEN night_sleep_min END)
        AS avg_night_sleep_min_7d,
      AVG(CASE WHEN days_ago < 7 AND sleep_complete THEN night_wakings END)
        AS avg_night_wakings_7d,
      AVG(CASE WHEN days_ago < 7 AND sleep_complete THEN naps END) AS avg_naps_7d,
      SUM(CASE WHEN days_ago >= 7 AND sleep_complete THEN 1 ELSE 0 END) AS sleep_days_prev_7d,
      AVG(CASE WHEN days_ago >= 7 AND sleep_complete THEN sleep_min END) AS avg_sleep_min_prev_7d,
      AVG(CASE WHEN days_ago >= 7 AND sleep_complete THEN night_wakings END)
        AS avg_night_wakings_prev_7d,
      SUM(CASE WHEN days_ago < 7 AND feeds_complete THEN 1 ELSE 0 END) AS feed_days_7d,
      AVG(CASE WHEN days_ago < 7 AND feeds_complete THEN feeds END) AS avg_feeds_7d,
      AVG(CASE WHEN days_ago < 7 AND feeds_complete THEN bottle_ml END) AS avg_bottle_ml_7d,
      SUM(CASE WHEN days_ago >= 7 AND feeds_complete THEN 1 ELSE 0 END) AS feed_days_prev_7d,
      AVG(CASE WHEN days_ago >= 7 AND feeds_complete THEN feeds END) AS avg_feeds_prev_7d,
      SUM(CASE WHEN days_ago < 7 AND diapers_complete THEN 1 ELSE 0 END) AS diaper_days_7d,
      AVG(CASE WHEN days_ago < 7 AND diapers_complete THEN wet_diapers END)
        AS avg_wet_diapers_7d,
      AVG(CASE WHEN days_ago < 7 AND diapers_complete THEN dirty_diapers END)
        AS avg_dirty_diapers_7d,
      MIN(CASE WHEN dirty_diapers > 0 THEN days_ago END) AS days_since_dirty,
      ARRAY_AGG(report_date ORDER BY report_date) AS day_date,
      ARRAY_AGG(sleep_min ORDER BY report_date) AS day_sleep_min,
      ARRAY_AGG(night_sleep_min ORDER BY report_date) AS day_night_sleep_min,
      ARRAY_AGG(longest_sleep_min ORDER BY report_date) AS day_longest_sleep_min,
      ARRAY_AGG(night_wakings ORDER BY report_date) AS day_night_wakings,
      ARRAY_AGG(naps ORDER BY report_date) AS day_naps,
      ARRAY_AGG(feeds ORDER BY report_date) AS day_feeds,
      ARRAY_AGG(breast_feeds ORDER BY report_date) AS day_breast_feeds,
      ARRAY_AGG(bottle_feeds ORDER BY report_date) AS day_bottle_feeds,
      ARRAY_AGG(other_feeds ORDER BY report_date) AS day_other_feeds,
      ARRAY_AGG(bottle_ml ORDER BY report_date) AS day_bottle_ml,
      ARRAY_AGG(wet_diapers ORDER BY report_date) AS day_wet_diapers,
      ARRAY_AGG(dirty_diapers ORDER BY report_date) AS day_dirty_diapers,
      ARRAY_AGG(sleep_complete ORDER BY report_date) AS day_sleep_complete,
      ARRAY_AGG(feeds_complete ORDER BY report_date) AS day_feeds_complete,
      ARRAY_AGG(diapers_complete ORDER BY report_date) AS day_diapers_complete
    FROM judged
    GROUP BY user_id, baby_id
  ),
  overlapping AS (
    SELECT user_id, baby_id, SUM(CASE WHEN seconds <= 0 THEN 1 ELSE 0 END) AS sleeps_overlapping
    FROM sleeps
    GROUP BY user_id, baby_id
  ),
  hygiene AS (
    SELECT
      user_id,
      baby_id,
      SUM(copies - 1) AS duplicates,
      SUM(CASE WHEN event_type = 'sleep' AND (end_s IS NULL OR end_s <= start_s) THEN 1 ELSE 0 END)
        AS sleeps_without_end,
      SUM(CASE WHEN event_type = 'sleep' AND end_s - start_s > 14 * 3600 THEN 1 ELSE 0 END)
        AS sleeps_too_long,
      SUM(
        CASE
          WHEN event_type = 'feed' AND COALESCE(feed_method, '') NOT IN ('breast', 'bottle')
            THEN 1
          ELSE 0
        END) AS feeds_unknown_method
    FROM recent
    GROUP BY user_id, baby_id
  )
SELECT
  @run_date AS report_date,
  l.user_id,
  l.baby_id,
  b.birth_date,
  -- no age before birth: a birth date after the report date is a mistake in the app, not a baby
  CASE
    WHEN b.birth_date <= @run_date THEN UNIX_DATE(@run_date) - UNIX_DATE(b.birth_date)
  END AS age_days,
  l.last_logged_date,
  UNIX_DATE(@run_date) - UNIX_DATE(l.last_logged_date) AS days_since_logged,
  COALESCE(p.days_logged_7d, 0) AS days_logged_7d,
  COALESCE(p.days_logged_prev_7d, 0) AS days_logged_prev_7d,
  COALESCE(p.sleep_days_7d, 0) AS sleep_days_7d,
  CAST(ROUND(p.avg_sleep_min_7d) AS INT64) AS avg_sleep_min_7d,
  CAST(ROUND(p.avg_night_sleep_min_7d) AS INT64) AS avg_night_sleep_min_7d,
  ROUND(p.avg_night_wakings_7d, 2) AS avg_night_wakings_7d,
  ROUND(p.avg_naps_7d, 2) AS avg_naps_7d,
  COALESCE(p.sleep_days_prev_7d, 0) AS sleep_days_prev_7d,
  CAST(ROUND(p.avg_sleep_min_prev_7d) AS INT64) AS avg_sleep_min_prev_7d,
  ROUND(p.avg_night_wakings_prev_7d, 2) AS avg_night_wakings_prev_7d,
  COALESCE(p.feed_days_7d, 0) AS feed_days_7d,
  ROUND(p.avg_feeds_7d, 2) AS avg_feeds_7d,
  CAST(ROUND(p.avg_bottle_ml_7d) AS INT64) AS avg_bottle_ml_7d,
  COALESCE(p.feed_days_prev_7d, 0) AS feed_days_prev_7d,
  ROUND(p.avg_feeds_prev_7d, 2) AS avg_feeds_prev_7d,
  COALESCE(p.diaper_days_7d, 0) AS diaper_days_7d,
  ROUND(p.avg_wet_diapers_7d, 2) AS avg_wet_diapers_7d,
  ROUND(p.avg_dirty_diapers_7d, 2) AS avg_dirty_diapers_7d,
  p.days_since_dirty,
  COALESCE(h.duplicates, 0) AS duplicates_excluded,
  COALESCE(h.sleeps_without_end, 0) AS sleeps_without_end_excluded,
  COALESCE(h.sleeps_too_long, 0) AS sleeps_too_long_excluded,
  COALESCE(o.sleeps_overlapping, 0) AS sleeps_overlapping_excluded,
  COALESCE(h.feeds_unknown_method, 0) AS feeds_unknown_method,
  p.day_date,
  p.day_sleep_min,
  p.day_night_sleep_min,
  p.day_longest_sleep_min,
  p.day_night_wakings,
  p.day_naps,
  p.day_feeds,
  p.day_breast_feeds,
  p.day_bottle_feeds,
  p.day_other_feeds,
  p.day_bottle_ml,
  p.day_wet_diapers,
  p.day_dirty_diapers,
  p.day_sleep_complete,
  p.day_feeds_complete,
  p.day_diapers_complete
FROM last_logged AS l
LEFT JOIN babies AS b ON b.user_id = l.user_id AND b.baby_id = l.baby_id
LEFT JOIN per_baby AS p ON p.user_id = l.user_id AND p.baby_id = l.baby_id
LEFT JOIN hygiene AS h ON h.user_id = l.user_id AND h.baby_id = l.baby_id
LEFT JOIN overlapping AS o ON o.user_id = l.user_id AND o.baby_id = l.baby_id
-- No ORDER BY: sorting a whole partition can exceed BigQuery's resources, and the extract does not
-- keep the order anyway. The notebook sorts its rows by user and baby where it reads them.
