"""Reads sweeplake's Arrow IPC outputs with pyarrow (and pandas, when installed) and prints the schema and first rows.

    python3 submit/arrow_read.py results/            # ann search with output_format: arrow (a folder of part-*.arrow)
    python3 submit/arrow_read.py bench-rows.arrow    # ann bench --arrow-out bench-rows.arrow

Exit code 1 when the schema is not the documented one (README, "Arrow formats").
"""
import sys

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.ipc as ipc

RESULTS = pa.schema([pa.field("query_id", pa.int64(), False), pa.field("rank", pa.int32(), False),
                     pa.field("neighbor_id", pa.int64(), False), pa.field("distance", pa.float32(), False)])
BENCH = ["engine", "shards", "sharding", "nprobe", "queries", "k", "recall_at_k", "qps", "qps_per_core", "p50_ms",
         "p95_ms", "p99_ms", "build_s", "bytes", "params", "extra"]


def main(path):
    if path.endswith(".arrow"):
        table = ipc.open_file(path).read_all()
        ok = table.schema.names == BENCH
    else:
        table = ds.dataset(path, format="arrow").to_table()
        ok = table.schema.equals(RESULTS)
    print(table.schema)
    print(f"{table.num_rows} rows")
    try:
        print(table.slice(0, 5).to_pandas().to_string())
    except ImportError:
        print(table.slice(0, 5))
    if not ok:
        print("error: not the documented schema", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
