# Databricks notebook source
# MAGIC %md
# MAGIC # Recommendation leaderboard (any benchmark, any metric)
# MAGIC Test-seed mean and standard deviation per configuration for `sweeplake reco bench` (benchmark `reco`, metrics such
# MAGIC as `ndcg_at_10`, `recall_at_10`, `precision_at_10`, `map_at_10`). The widgets make it generic: `benchmark = ctr`,
# MAGIC `metric = test_auc` gives the CTR leaderboard from the same cells. Lower-is-better metrics (logloss, rmse) rank
# MAGIC ascending.

# COMMAND ----------
dbutils.widgets.text("warehouse", "dbfs:/sweeplake/warehouse")
dbutils.widgets.text("benchmark", "reco")
dbutils.widgets.text("metric", "ndcg_at_10")
warehouse = dbutils.widgets.get("warehouse")
spark.read.format("delta").load(f"{warehouse}/trials").createOrReplaceTempView("trials")
spark.read.format("delta").load(f"{warehouse}/metrics").createOrReplaceTempView("metrics")

# COMMAND ----------
# MAGIC %sql
# MAGIC -- empty-ok: there is no such benchmark in the warehouse yet (e.g. no reco bench has run)
# MAGIC -- The leaderboard: one row per configuration (params without the seed), best first
# MAGIC WITH per_trial AS (
# MAGIC   SELECT t.study_id, t.dataset_version, get_json_object(t.params_json, '$.model') AS model,
# MAGIC          regexp_replace(t.params_json, '"seed":[0-9]+,?', '') AS config, t.seed, m.value
# MAGIC   FROM trials t JOIN metrics m USING (study_id, trial_id, attempt)
# MAGIC   WHERE t.benchmark = '${benchmark}' AND m.name = '${metric}' AND m.step = 0
# MAGIC     AND t.state IN ('COMPLETED', 'REUSED') AND t.seed_role IN ('test', 'none'))
# MAGIC SELECT model, config, dataset_version, count(*) AS seeds, round(avg(value), 5) AS mean,
# MAGIC        round(coalesce(stddev_samp(value), 0), 5) AS std
# MAGIC FROM per_trial GROUP BY model, config, dataset_version
# MAGIC ORDER BY CASE WHEN '${metric}' RLIKE 'loss|rmse|mae|error' THEN mean ELSE -mean END
# MAGIC -- Plot: bar chart, x = model, y = mean, error bars = std

# COMMAND ----------
# MAGIC %sql
# MAGIC -- empty-ok: there is no such benchmark in the warehouse yet (e.g. no reco bench has run)
# MAGIC -- Every metric of the benchmark side by side (test-seed means), one row per configuration
# MAGIC SELECT get_json_object(t.params_json, '$.model') AS model, m.name AS metric, count(*) AS seeds,
# MAGIC        round(avg(m.value), 5) AS mean, round(coalesce(stddev_samp(m.value), 0), 5) AS std
# MAGIC FROM trials t JOIN metrics m USING (study_id, trial_id, attempt)
# MAGIC WHERE t.benchmark = '${benchmark}' AND m.step = 0 AND t.state IN ('COMPLETED', 'REUSED')
# MAGIC   AND t.seed_role IN ('test', 'none')
# MAGIC GROUP BY get_json_object(t.params_json, '$.model'), m.name ORDER BY metric, mean DESC
