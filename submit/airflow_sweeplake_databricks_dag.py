"""Airflow DAG, Databricks variant: the nightly sweeplake ANN benchmark, CTR benchmark and sweep as Databricks one-time
runs (Jobs API runs/submit), each on its own job cluster, then the HTML report.

Retries are safe twice over: each DatabricksSubmitRunOperator passes an idempotency_token made of the DAG run's id and
the task id, so an Airflow retry re-attaches to the Databricks run its first try submitted instead of submitting a
second one; and the sweeplake command gets the same value as --run-key, so a Databricks-level re-run resumes or reuses
the sweeplake run (no second runs row, no duplicated trial or metric). The spark-submit variant is
airflow_sweeplake_dag.py; the same workloads as a persistent job are in databricks-job.json.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.databricks.operators.databricks import DatabricksSubmitRunOperator

JAR = "dbfs:/FileStore/jars/sweeplake-jobs-0.1.0-SNAPSHOT-spark.jar"
CONF_DIR = "/dbfs/FileStore/sweeplake/conf"
DATA_DIR = "/dbfs/FileStore/sweeplake/data"
WAREHOUSE = "dbfs:/sweeplake/warehouse"
MAIN = "dev.sweeplake.jobs.cli.Main"
CLUSTER = {
    "spark_version": "17.3.x-scala2.13",
    "node_type_id": "i3.xlarge",
    "num_workers": 4,
    "spark_conf": {
        "spark.driver.extraJavaOptions": "--add-modules=jdk.incubator.vector",
        "spark.executor.extraJavaOptions": "--add-modules=jdk.incubator.vector",
    },
}


def token(task_id):
    """One key per task of one DAG run: Airflow renders it, a retry of the task gets the same value (<= 64 chars)."""
    return "{{ run_id }}/" + task_id


def submit(task_id, args):
    """A one-task Databricks run of the sweeplake jar with its --json line as the result."""
    return DatabricksSubmitRunOperator(
        task_id=task_id,
        databricks_conn_id="databricks_default",
        run_name="sweeplake-" + task_id,
        idempotency_token=token(task_id),
        new_cluster=CLUSTER,
        libraries=[{"jar": JAR}],
        spark_jar_task={
            "main_class_name": MAIN,
            "parameters": args + ["--warehouse", WAREHOUSE, "--run-key", token(task_id), "--json"],
        },
        timeout_seconds=4 * 3600,
        do_xcom_push=True,
    )


with DAG(
    dag_id="sweeplake_nightly_databricks",
    start_date=datetime(2026, 1, 1),
    schedule="@daily",
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
) as dag:
    ann_bench = submit("ann_bench", ["ann", "bench", "--config", CONF_DIR + "/ann/mnist-bench.yaml",
                                     "--data-dir", DATA_DIR])
    ctr_bench = submit("ctr_bench", ["ctr", "bench", "--config", CONF_DIR + "/ctr/movielens.yaml",
                                     "--data-dir", DATA_DIR])
    sweep = submit("sweep", ["sweep", "run", "--config", CONF_DIR + "/sweeps/synthetic-tpe.yaml"])
    report = DatabricksSubmitRunOperator(
        task_id="report",
        databricks_conn_id="databricks_default",
        run_name="sweeplake-report",
        idempotency_token=token("report"),
        new_cluster=dict(CLUSTER, num_workers=1),
        libraries=[{"jar": JAR}],
        spark_jar_task={
            "main_class_name": MAIN,
            "parameters": ["report", "--since", "{{ ds }}", "--out", "dbfs:/sweeplake/reports/{{ ds }}.html",
                           "--warehouse", WAREHOUSE, "--json"],
        },
        timeout_seconds=3600,
        do_xcom_push=True,
    )
    [ann_bench, ctr_bench] >> sweep >> report
