# Databricks notebook source
# MAGIC %md
# MAGIC # ANN benchmarks: recall@10 against queries/s
# MAGIC One point per `sweeplake ann bench` trial (engine x search setting). Pareto-best settings are those no other setting
# MAGIC beats on both recall and throughput.

# COMMAND ----------
dbutils.widgets.text("warehouse", "dbfs:/sweeplake/warehouse")
warehouse = dbutils.widgets.get("warehouse")
spark.read.format("delta").load(f"{warehouse}/trials").createOrReplaceTempView("trials")
spark.read.format("delta").load(f"{warehouse}/metrics").createOrReplaceTempView("metrics")

# COMMAND ----------
# MAGIC %sql
# MAGIC SELECT t.run_id, get_json_object(t.params_json, '$.engine') AS engine, t.params_json,
# MAGIC        max(CASE WHEN m.name = 'recall_at_10' THEN m.value END) AS recall_at_10,
# MAGIC        max(CASE WHEN m.name = 'qps' THEN m.value END) AS qps,
# MAGIC        max(CASE WHEN m.name = 'p99_ms' THEN m.value END) AS p99_ms,
# MAGIC        max(CASE WHEN m.name = 'build_s' THEN m.value END) AS build_s,
# MAGIC        max(CASE WHEN m.name = 'bytes' THEN m.value END) AS bytes
# MAGIC FROM trials t JOIN metrics m USING (study_id, trial_id, attempt)
# MAGIC WHERE t.benchmark LIKE 'ann%'
# MAGIC GROUP BY t.run_id, t.params_json
# MAGIC ORDER BY recall_at_10 DESC, qps DESC
# MAGIC -- Plot: scatter, x = recall_at_10, y = qps (log), series = engine
