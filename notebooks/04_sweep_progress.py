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
spark.read.format("delta").load(f"{warehouse}/sweeps").createOrReplaceTempView("sweeps")

# COMMAND ----------
# MAGIC %sql
# MAGIC SELECT study_id, seed_role, state, count(*) AS trials, sum(fidelity) AS budget_used,
# MAGIC        min(started_at) AS first_start, max(ended_at) AS last_end
# MAGIC FROM trials WHERE '${study_id}' = '' OR study_id = '${study_id}'
# MAGIC GROUP BY study_id, seed_role, state ORDER BY study_id, seed_role, state

# COMMAND ----------
# MAGIC %sql
# MAGIC -- Trials in completion order with their objective value and the best so far per arm. A sweep records its
# MAGIC -- objective under its own metric name (sweeps.metric, e.g. 'score'), maximised or minimised (sweeps.direction).
# MAGIC SELECT s.sweep_id, t.study_id, t.ended_at, t.trial_id, t.fidelity, t.seed_role, s.metric, m.value AS objective,
# MAGIC        CASE WHEN lower(s.direction) LIKE 'max%'
# MAGIC             THEN max(m.value) OVER (PARTITION BY t.study_id ORDER BY t.ended_at, t.trial_id)
# MAGIC             ELSE min(m.value) OVER (PARTITION BY t.study_id ORDER BY t.ended_at, t.trial_id) END AS best_so_far
# MAGIC FROM trials t
# MAGIC JOIN sweeps s ON t.study_id LIKE concat(s.sweep_id, '/%')
# MAGIC JOIN metrics m ON m.study_id = t.study_id AND m.trial_id = t.trial_id AND m.attempt = t.attempt
# MAGIC               AND m.name = s.metric AND m.step = 0
# MAGIC WHERE t.state IN ('COMPLETED', 'REUSED') AND ('${study_id}' = '' OR t.study_id LIKE concat('${study_id}', '%'))
# MAGIC ORDER BY t.study_id, t.ended_at
