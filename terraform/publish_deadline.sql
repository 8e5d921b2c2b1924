-- The morning check behind the "no report published" alert: Cloud Scheduler runs it at
-- publish_deadline in time_zone through BigQuery's jobs.query. It fails (ERROR) when no run of the
-- report date (yesterday in time_zone, as the nightly schedule asks for) has published, so the
-- scheduler's attempt fails and the alert policy on that failure fires. A publish that was
-- superseded found a later run already published, so it counts as well. A run is published when
-- its publish is, in every shard (docs/sharding.md): each shard's event names its shard and how many
-- there are; an unsharded publish names neither. A segment that handed the publish on (counts
-- continued) or handed it to each shard (counts handed_on) has not published yet.
SELECT
  IF(
    COUNT(*) > 0,
    'published',
    ERROR(
      CONCAT(
        'no Cradle run of ',
        CAST(DATE_SUB(CURRENT_DATE(@time_zone), INTERVAL 1 DAY) AS STRING),
        ' has published by ',
        FORMAT_TIMESTAMP('%H:%M', CURRENT_TIMESTAMP(), @time_zone),
        ' ',
        @time_zone))) AS verdict
FROM (
  SELECT JSON_VALUE(attributes, '$.run_id') AS run_id
  FROM runs
  WHERE
    publish_time >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 3 DAY)
    AND JSON_VALUE(attributes, '$.stage') = 'publish'
    AND JSON_VALUE(attributes, '$.event') IN ('succeeded', 'superseded')
    AND JSON_VALUE(attributes, '$.run_date')
      = CAST(DATE_SUB(CURRENT_DATE(@time_zone), INTERVAL 1 DAY) AS STRING)
    AND JSON_VALUE(data, '$.counts.continued') IS NULL
    AND JSON_VALUE(data, '$.counts.handed_on') IS NULL
  GROUP BY run_id
  HAVING
    COUNT(DISTINCT IFNULL(JSON_VALUE(attributes, '$.shard'), '-'))
    >= MAX(IFNULL(CAST(JSON_VALUE(data, '$.counts.shards') AS INT64), 1)))
