"""Reads an Airflow DAG file without Airflow (not installable here) and prints what Airflow would build, as JSON.

1. python3 ast: the file parses; its imports are listed (module, names).
2. The module runs with stand-in `airflow` modules whose DAG and operators record their arguments and the >> edges, so
   helper functions and loops in the DAG file are resolved exactly as under Airflow. Jinja templates stay unrendered.
Output: {"imports": [[module, name], ...], "dags": [{"dag_id", "kwargs"}], "tasks": [{"class", "kwargs"}],
"edges": [[upstream, downstream], ...]}.
"""
import ast
import json
import sys
import types

path = sys.argv[1]
source = open(path, encoding="utf-8").read()
tree = ast.parse(source, filename=path)
imports = []
for node in ast.walk(tree):
    if isinstance(node, ast.ImportFrom):
        imports += [[node.module, a.name] for a in node.names]
    elif isinstance(node, ast.Import):
        imports += [[a.name, a.name] for a in node.names]

TASKS, EDGES, DAGS = [], [], []


class DAG:
    def __init__(self, dag_id=None, **kwargs):
        DAGS.append({"dag_id": dag_id, "kwargs": {k: repr(v) for k, v in kwargs.items()}})

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _ids(x):
    return [t.task_id for t in x] if isinstance(x, (list, tuple)) else [x.task_id]


class BaseOperator:
    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        TASKS.append({"class": type(self).__name__, "kwargs": dict(kwargs, task_id=task_id)})

    def __rshift__(self, other):
        for u in _ids(self):
            for d in _ids(other):
                EDGES.append([u, d])
        return other

    def __rrshift__(self, other):
        for u in _ids(other):
            for d in _ids(self):
                EDGES.append([u, d])
        return self


def module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


for name in ["airflow.providers", "airflow.providers.apache", "airflow.providers.apache.spark",
             "airflow.providers.apache.spark.operators", "airflow.providers.databricks",
             "airflow.providers.databricks.operators"]:
    module(name)
module("airflow", DAG=DAG)
module("airflow.models", DAG=DAG, BaseOperator=BaseOperator)
module("airflow.providers.apache.spark.operators.spark_submit",
       SparkSubmitOperator=type("SparkSubmitOperator", (BaseOperator,), {}))
module("airflow.providers.databricks.operators.databricks",
       DatabricksSubmitRunOperator=type("DatabricksSubmitRunOperator", (BaseOperator,), {}))

exec(compile(tree, path, "exec"), {"__name__": "dag_under_test", "__file__": path})


def plain(v):
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return repr(v)


print(json.dumps({"imports": imports, "dags": DAGS, "edges": EDGES,
                  "tasks": [{"class": t["class"], "kwargs": plain(t["kwargs"])} for t in TASKS]}))
