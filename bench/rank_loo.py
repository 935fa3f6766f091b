#!/usr/bin/env python3
"""Leave-one-out over bench/rank_sweep.py results: pick on four sets, measure on the fifth.
Criterion on a group of sets: maximise the worst margin over bm25s (then the mean)."""
import json, sys
sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
from rank_sweep import SETS, BM25S, CACHE
db = json.load(open(CACHE))
tag = sys.argv[1] if len(sys.argv) > 1 else ""
prefix = sys.argv[2] if len(sys.argv) > 2 else ""
rows = {k.split("|", 1)[1]: v for k, v in db.items() if k.split("|", 1)[0] == tag and k.split("|", 1)[1].startswith(prefix) and all(s in v for s in SETS)}
def crit(res, sets):
    m = [res[s]["ndcg"] - BM25S[s] for s in sets]
    return (min(m), sum(m) / len(m))
best = max(rows, key=lambda c: crit(rows[c], SETS))
print("all five:", best, {s: round(rows[best][s]["ndcg"], 4) for s in SETS}, crit(rows[best], SETS))
for out in SETS:
    rest = [s for s in SETS if s != out]
    pick = max(rows, key=lambda c: crit(rows[c], rest))
    print(f"held out {out:8}: picked [{pick}] -> {out} {rows[pick][out]['ndcg']:.4f} (bm25s {BM25S[out]:.4f}, {rows[pick][out]['ndcg']-BM25S[out]:+.4f})")
top = sorted(rows, key=lambda c: crit(rows[c], SETS), reverse=True)[:8]
for c in top:
    print(f"{crit(rows[c], SETS)[0]:+.4f} {crit(rows[c], SETS)[1]:+.4f} " + " ".join(f"{rows[c][s]['ndcg']:.4f}" for s in SETS) + f"  [{c}]")
