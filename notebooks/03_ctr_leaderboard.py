# Databricks notebook source
# MAGIC %md
# MAGIC # CTR leaderboard (BARS protocol)
# MAGIC Test AUC / logloss per model, mean and standard deviation over seeds, from `sweeplake ctr bench` and sweeps.
# MAGIC Only test-seed trials count as final figures.

# COMMAND ----------
dbutils.widgets.text("warehouse", "dbfs:/sweeplake/warehouse")
warehouse = dbutils.widgets.get("warehouse")
spark.read.format("delta").load(f"{warehouse}/trials").createOrReplaceTempView("trials")
spark.read.format("delta").load(f"{warehouse}/metrics").createOrReplaceTempView("metrics")

# COMMAND ----------
# MAGIC %sql
# MAGIC WITH per_trial AS (
# MAGIC   SELECT t.run_id, get_json_object(t.params_json, '$.model') AS model, t.params_json, t.seed,
# MAGIC          max(CASE WHEN m.name = 'test_auc' THEN m.value END) AS test_auc,
# MAGIC          max(CASE WHEN m.name = 'test_logloss' THEN m.value END) AS test_logloss,
# MAGIC          max(CASE WHEN m.name = 'samples_per_s' THEN m.value END) AS samples_per_s
# MAGIC   FROM trials t JOIN metrics m USING (study_id, trial_id, attempt)
# MAGIC   WHERE t.benchmark LIKE 'ctr%' AND t.state = 'COMPLETED' AND t.seed_role IN ('test', 'none')
# MAGIC   GROUP BY t.run_id, t.params_json, t.seed)
# MAGIC SELECT model, params_json, count(*) AS seeds,
# MAGIC        round(avg(test_auc), 4) AS auc_mean, round(stddev(test_auc), 4) AS auc_std,
# MAGIC        round(avg(test_logloss), 4) AS logloss_mean, round(avg(samples_per_s)) AS samples_per_s
# MAGIC FROM per_trial GROUP BY model, params_json ORDER BY auc_mean DESC

# COMMAND ----------
# MAGIC %sql
# MAGIC -- Validation AUC per epoch (learning curves): step = epoch
# MAGIC SELECT t.trial_id, get_json_object(t.params_json, '$.model') AS model, m.step AS epoch, m.value AS valid_auc
# MAGIC FROM trials t JOIN metrics m USING (study_id, trial_id, attempt)
# MAGIC WHERE t.benchmark LIKE 'ctr%' AND m.name = 'valid_auc' AND m.step > 0 ORDER BY t.trial_id, epoch
