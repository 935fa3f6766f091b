#!/usr/bin/env python3
"""Ranking sweep (issue 15): quarry eval on the five dev sets per QUARRY_RANKING setting,
beside bm25s 0.3.16 (nDCG@10 measured with bench/bm25s_scifact.py); results cached in bench/work.
usage: bench/rank_sweep.py QUARRY_BIN CONFIG [CONFIG...]   (CONFIG: QUARRY_RANKING string, '' = defaults)
"""
import json, os, subprocess, sys
DATA = os.environ.get("BENCH_DATA", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data"))
SETS = ["scifact", "cacm", "med", "lisa", "cf"]
BM25S = {"scifact": 0.6964, "cacm": 0.4894, "med": 0.6957, "lisa": 0.4756, "cf": 0.4637}
WORK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "work")
CACHE = os.path.join(WORK, "rank-sweep.json")

def load():
    try:
        return json.load(open(CACHE))
    except Exception:
        return {}

def run(binary, config, tag=""):
    db = load()
    key = tag + "|" + config
    if key in db:
        return db[key]
    env = dict(os.environ, QUARRY_RANKING=config)
    args = [binary, "eval"] + [f"{DATA}/{s}" for s in SETS] + ["--json", "--cache", os.path.join(WORK, "eval-cache")]
    out = subprocess.run(args, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        raise SystemExit(1)
    res = {}
    for line in out.stdout.splitlines():
        j = json.loads(line)
        res[j["dataset"]] = {"ndcg": j["ndcg@10"], "qps": j["qps"]}
    db = load()
    db[key] = res
    json.dump(db, open(CACHE, "w"), indent=0)
    return res

def fmt(config, res):
    cells = " ".join(f"{res[s]['ndcg']:.4f}({res[s]['ndcg']-BM25S[s]:+.3f})" for s in SETS)
    worst = min(res[s]['ndcg'] - BM25S[s] for s in SETS)
    mean = sum(res[s]['ndcg'] - BM25S[s] for s in SETS) / len(SETS)
    return f"{cells}  min {worst:+.4f} mean {mean:+.4f}  sfqps {res['scifact']['qps']:.0f}  [{config}]"

if __name__ == "__main__":
    binary = sys.argv[1]
    tag = os.environ.get("TAG", "")
    for config in sys.argv[2:]:
        print(fmt(config, run(binary, config, tag)), flush=True)
