"""Airflow DAG: a nightly sweeplake ANN benchmark and sweep, each a spark-submit task.

The last line of each task's standard output is one JSON object (--json); it is pushed to XCom so that downstream tasks
(alerts, dashboards) can read run_id, recall and queries/s without parsing logs.

Retries are safe: every task passes --run-key with the DAG run's id and its task id, so an Airflow retry of a task
resumes or reuses the sweeplake run that its first try started (no second runs row, no duplicated trial or metric).
The Databricks variant of this DAG is airflow_sweeplake_databricks_dag.py.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = "/opt/sweeplake/sweeplake-jobs-0.1.0-SNAPSHOT-spark.jar"
OPENS = ("--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED "
         "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED "
         "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED "
         "--add-modules=jdk.incubator.vector")
CONF = {
    "spark.driver.extraJavaOptions": OPENS,
    "spark.executor.extraJavaOptions": OPENS,
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
}
WAREHOUSE = "s3a://ml-lake/sweeplake"


def run_key(task_id):
    """The idempotency key of one task of one DAG run (Airflow renders the template; a retry gets the same key)."""
    return "{{ run_id }}/" + task_id


with DAG(
    dag_id="sweeplake_nightly",
    start_date=datetime(2026, 1, 1),
    schedule="@daily",
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
) as dag:
    ann_bench = SparkSubmitOperator(
        task_id="ann_bench",
        application=JAR,
        java_class="dev.sweeplake.jobs.cli.Main",
        conf=CONF,
        packages="io.delta:delta-spark_2.13:4.0.0,org.apache.hadoop:hadoop-aws:3.4.1",
        application_args=["ann", "bench", "--config", "/opt/sweeplake/conf/ann/mnist-bench.yaml",
                          "--warehouse", WAREHOUSE, "--run-key", run_key("ann_bench"), "--json"],
        do_xcom_push=True,
    )
    sweep = SparkSubmitOperator(
        task_id="sweep",
        application=JAR,
        java_class="dev.sweeplake.jobs.cli.Main",
        conf=CONF,
        packages="io.delta:delta-spark_2.13:4.0.0,org.apache.hadoop:hadoop-aws:3.4.1",
        # Re-running after a crash resumes: completed trials are skipped, no row is duplicated.
        application_args=["sweep", "run", "--config", "/opt/sweeplake/conf/sweeps/grid-asha.yaml",
                          "--warehouse", WAREHOUSE, "--run-key", run_key("sweep"), "--json"],
        do_xcom_push=True,
    )
    report = SparkSubmitOperator(
        task_id="report",
        application=JAR,
        java_class="dev.sweeplake.jobs.cli.Main",
        conf=CONF,
        packages="io.delta:delta-spark_2.13:4.0.0,org.apache.hadoop:hadoop-aws:3.4.1",
        # Reads the tables only; re-running it rewrites the same file.
        application_args=["report", "--since", "{{ ds }}", "--out", WAREHOUSE + "/reports/{{ ds }}.html",
                          "--warehouse", WAREHOUSE, "--json"],
        do_xcom_push=True,
    )
    ann_bench >> sweep >> report
