# Databricks notebook source
# MAGIC %md
# MAGIC # sweeplake: runs, trials and metrics
# MAGIC Reads the Delta warehouse written by `sweeplake` (set `warehouse` below: a DBFS/S3/ABFS path or a local folder).
# MAGIC Tables and columns are documented in the repository README ("Tables").

# COMMAND ----------
dbutils.widgets.text("warehouse", "dbfs:/sweeplake/warehouse")
warehouse = dbutils.widgets.get("warehouse")
runs = spark.read.format("delta").load(f"{warehouse}/runs")
trials = spark.read.format("delta").load(f"{warehouse}/trials")
metrics = spark.read.format("delta").load(f"{warehouse}/metrics")
for name, df in [("runs", runs), ("trials", trials), ("metrics", metrics)]:
    df.createOrReplaceTempView(name)

# COMMAND ----------
# MAGIC %sql
# MAGIC -- Latest runs, failures first
# MAGIC SELECT run_id, command, status, started_at, duration_s, error
# MAGIC FROM runs ORDER BY (status = 'FAILED') DESC, started_at DESC LIMIT 50

# COMMAND ----------
# MAGIC %sql
# MAGIC -- Trials per run and state
# MAGIC SELECT run_id, benchmark, state, count(*) AS trials, round(avg(duration_s), 2) AS avg_s
# MAGIC FROM trials GROUP BY run_id, benchmark, state ORDER BY run_id DESC

# COMMAND ----------
# MAGIC %sql
# MAGIC -- Every final figure of the latest run, one row per trial (wide)
# MAGIC WITH latest AS (SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1)
# MAGIC SELECT t.trial_id, t.benchmark, t.params_json, m.name, m.value
# MAGIC FROM trials t JOIN metrics m USING (study_id, trial_id, attempt)
# MAGIC WHERE t.run_id = (SELECT run_id FROM latest) AND m.step = 0
# MAGIC ORDER BY t.trial_id, m.name
