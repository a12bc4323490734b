# Databricks notebook source
# MAGIC %md
# MAGIC # The plots of `sweeplake report`, as queries
# MAGIC The same figures as the HTML report (`sweeplake report --out report.html`), for Databricks' own charts: the ANN
# MAGIC recall/throughput Pareto front, latency percentiles, sweep best-so-far against trials and compute, and cost growth
# MAGIC against a size parameter.

# COMMAND ----------
dbutils.widgets.text("warehouse", "dbfs:/sweeplake/warehouse")
warehouse = dbutils.widgets.get("warehouse")
for name in ["runs", "trials", "metrics", "sweeps"]:
    spark.read.format("delta").load(f"{warehouse}/{name}").createOrReplaceTempView(name)

# COMMAND ----------
# MAGIC %sql
# MAGIC -- ANN: recall@10 vs queries/s per engine and setting; on_front = no other setting of the same bench and engine
# MAGIC -- has both higher recall and higher throughput (the Pareto front)
# MAGIC WITH pts AS (
# MAGIC   SELECT t.study_id, get_json_object(t.params_json, '$.engine') AS engine, t.params_json AS setting,
# MAGIC          max(CASE WHEN m.name = 'recall_at_10' THEN m.value END) AS recall_at_10,
# MAGIC          max(CASE WHEN m.name = 'qps' THEN m.value END) AS qps
# MAGIC   FROM trials t JOIN metrics m USING (study_id, trial_id, attempt)
# MAGIC   WHERE t.benchmark LIKE 'ann%' AND m.step = 0 AND t.state IN ('COMPLETED', 'REUSED')
# MAGIC   GROUP BY t.study_id, t.params_json)
# MAGIC SELECT a.*, NOT EXISTS (SELECT 1 FROM pts b WHERE b.study_id = a.study_id AND b.engine = a.engine
# MAGIC          AND b.recall_at_10 >= a.recall_at_10 AND b.qps >= a.qps
# MAGIC          AND (b.recall_at_10 > a.recall_at_10 OR b.qps > a.qps)) AS on_front
# MAGIC FROM pts a WHERE recall_at_10 IS NOT NULL AND qps IS NOT NULL ORDER BY study_id, engine, recall_at_10
# MAGIC -- Plot: scatter x = recall_at_10, y = qps (log), series = engine; line through on_front rows

# COMMAND ----------
# MAGIC %sql
# MAGIC -- ANN: latency percentiles per setting (ms per query)
# MAGIC SELECT t.study_id, t.params_json AS setting, m.name AS percentile, m.value AS ms
# MAGIC FROM trials t JOIN metrics m USING (study_id, trial_id, attempt)
# MAGIC WHERE t.benchmark LIKE 'ann%' AND m.step = 0 AND m.name RLIKE '^p[0-9.]+_ms$'
# MAGIC ORDER BY t.study_id, setting, percentile

# COMMAND ----------
# MAGIC %sql
# MAGIC -- Sweeps: best so far per tune arm against trials (n) and against compute (summed trial seconds)
# MAGIC WITH v AS (
# MAGIC   SELECT s.sweep_id, regexp_extract(t.study_id, '/tune/(.*)$', 1) AS arm, t.ended_at, t.trial_id,
# MAGIC          t.duration_s, m.value, lower(s.direction) LIKE 'max%' AS maximize
# MAGIC   FROM trials t
# MAGIC   JOIN sweeps s ON t.study_id LIKE concat(s.sweep_id, '/tune/%')
# MAGIC   JOIN metrics m ON m.study_id = t.study_id AND m.trial_id = t.trial_id AND m.attempt = t.attempt
# MAGIC                 AND m.name = s.metric AND m.step = 0
# MAGIC   WHERE t.state IN ('COMPLETED', 'REUSED'))
# MAGIC SELECT sweep_id, arm,
# MAGIC        row_number() OVER (PARTITION BY sweep_id, arm ORDER BY ended_at, trial_id) AS trials,
# MAGIC        sum(coalesce(duration_s, 0)) OVER (PARTITION BY sweep_id, arm ORDER BY ended_at, trial_id) AS trial_seconds,
# MAGIC        CASE WHEN maximize THEN max(value) OVER (PARTITION BY sweep_id, arm ORDER BY ended_at, trial_id)
# MAGIC             ELSE min(value) OVER (PARTITION BY sweep_id, arm ORDER BY ended_at, trial_id) END AS best_so_far
# MAGIC FROM v ORDER BY sweep_id, arm, trials
# MAGIC -- Plot: line x = trials (or trial_seconds), y = best_so_far, series = arm

# COMMAND ----------
# MAGIC %sql
# MAGIC -- empty-ok: only scale benchmarks (several sizes of one configuration) write cost-growth rows
# MAGIC -- Cost growth: time and size metrics against a size parameter of the trial's params
# MAGIC WITH sized AS (
# MAGIC   SELECT t.benchmark, t.params_json,
# MAGIC          coalesce(get_json_object(t.params_json, '$.n'), get_json_object(t.params_json, '$.rows'),
# MAGIC                   get_json_object(t.params_json, '$.vectors'), get_json_object(t.params_json, '$.size')) AS size,
# MAGIC          m.name AS metric, m.value
# MAGIC   FROM trials t JOIN metrics m USING (study_id, trial_id, attempt)
# MAGIC   WHERE m.step = 0 AND (m.name RLIKE '_s$|_ms$|bytes$|_mb$'))
# MAGIC SELECT benchmark, metric, CAST(size AS DOUBLE) AS size, avg(value) AS value, count(*) AS trials
# MAGIC FROM sized WHERE size IS NOT NULL
# MAGIC GROUP BY benchmark, metric, CAST(size AS DOUBLE) ORDER BY benchmark, metric, size
# MAGIC -- Plot: line x = size (log), y = value (log), series = metric

# COMMAND ----------
# The same page as `sweeplake report`, shown inline: run the CLI (the jobs jar on the cluster) and display its file.
# displayHTML(dbutils.fs.head(f"{warehouse}/report.html", 10 * 1024 * 1024))
print(f"report: {warehouse}/report.html (written by 'sweeplake demo' or 'sweeplake report --out')")
