# Databricks notebook source
# MAGIC %md
# MAGIC # Sweep progress
# MAGIC Trials done / failed / reused per sweep, the best value over time, and the leaderboard on test seeds.

# COMMAND ----------
dbutils.widgets.text("warehouse", "dbfs:/sweeplake/warehouse")
dbutils.widgets.text("study_id", "")
warehouse = dbutils.widgets.get("warehouse")
spark.read.format("delta").load(f"{warehouse}/trials").createOrReplaceTempView("trials")
spark.read.format("delta").load(f"{warehouse}/metrics").createOrReplaceTempView("metrics")

# COMMAND ----------
# MAGIC %sql
# MAGIC SELECT study_id, seed_role, state, count(*) AS trials, sum(fidelity) AS budget_used,
# MAGIC        min(started_at) AS first_start, max(ended_at) AS last_end
# MAGIC FROM trials WHERE '${study_id}' = '' OR study_id = '${study_id}'
# MAGIC GROUP BY study_id, seed_role, state ORDER BY study_id, seed_role, state

# COMMAND ----------
# MAGIC %sql
# MAGIC -- Trials in completion order with their objective value (metric 'objective'), to plot best-so-far
# MAGIC SELECT t.study_id, t.ended_at, t.trial_id, t.fidelity, t.seed_role, m.value AS objective
# MAGIC FROM trials t JOIN metrics m USING (study_id, trial_id, attempt)
# MAGIC WHERE m.name = 'objective' AND ('${study_id}' = '' OR t.study_id = '${study_id}')
# MAGIC ORDER BY t.study_id, t.ended_at
