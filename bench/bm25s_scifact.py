#!/usr/bin/env python3
"""bm25s on a BEIR dataset (SciFact, CACM, MED, LISA, CF, …): indexing, single-thread query throughput, nDCG@10.

usage:
  bm25s_scifact.py bm25s SCIFACT_DIR --k K --split train --out RESULT.json
  bm25s_scifact.py ndcg  SCIFACT_DIR --split train --run RUN.jsonl --out RESULT.json

`bm25s` indexes title + " " + text of every corpus record with bm25s's
defaults (BM25 "lucene" variant, k1=1.5, b=0.75, its English stopword list,
its default token pattern), plus PyStemmer's English Snowball stemmer when
PyStemmer is importable. It then retrieves the top K documents for every
query in queries.jsonl on one thread, twice: once as a single batch call
(throughput) and once query by query (latency percentiles). Timings include
query tokenization. nDCG@10 is computed over the queries of qrels/SPLIT.tsv.

`ndcg` scores an existing run: `quarry search --batch --json` output (lines
with `query_id`, `rank` and `doc.id`); passage hits are collapsed to their
document, keeping the first (best) rank.

nDCG@10 follows trec_eval's ndcg_cut.10: gain = relevance grade,
DCG = sum_{i=1..10} gain_i / log2(i + 1), the ideal DCG uses all judged
relevant documents of the query sorted by grade, queries without any
relevant judgement are left out, and the mean is over the queries in qrels
(a query with no retrieved document counts as 0).
"""
import argparse
import json
import math
import os
import statistics
import sys
import time


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_qrels(path):
    qrels = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or (n == 0 and not parts[2].lstrip("-").isdigit()):
                continue  # header
            qid, did, rel = parts[0], parts[1], int(parts[2])
            qrels.setdefault(qid, {})[did] = rel
    return qrels


def ndcg_at(ranked, judged, cut=10):
    """ranked: list of doc ids, best first; judged: {doc_id: grade}."""
    dcg = 0.0
    for i, did in enumerate(ranked[:cut], 1):
        g = judged.get(did, 0)
        if g > 0:
            dcg += g / math.log2(i + 1)
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:cut]
    idcg = sum(g / math.log2(i + 1) for i, g in enumerate(ideal, 1))
    return dcg / idcg if idcg > 0 else None


def mean_ndcg(run, qrels, cut=10):
    scores = []
    for qid, judged in qrels.items():
        s = ndcg_at(run.get(qid, []), judged, cut)
        if s is not None:
            scores.append(s)
    return sum(scores) / len(scores) if scores else 0.0, len(scores)


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return None
    v = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(v)))
    return v[rank - 1]


def cmd_bm25s(args):
    import numpy as np  # noqa: F401  (bm25s needs it; fail early and clearly)
    import bm25s

    try:
        import Stemmer

        stemmer = Stemmer.Stemmer("english")
        stemmer_name = "PyStemmer english (Snowball)"
    except ImportError:
        stemmer = None
        stemmer_name = "none (PyStemmer not installed)"

    corpus = load_jsonl(os.path.join(args.scifact, "corpus.jsonl"))
    queries = load_jsonl(os.path.join(args.scifact, "queries.jsonl"))
    qrels = load_qrels(os.path.join(args.scifact, "qrels", f"{args.split}.tsv"))
    doc_ids = [str(d.get("_id", d.get("id"))) for d in corpus]
    texts = [((d.get("title") or "") + " " + (d.get("text") or "")).strip() for d in corpus]
    qids = [str(q.get("_id", q.get("id"))) for q in queries]
    qtexts = [q.get("text") or q.get("query") or "" for q in queries]

    t0 = time.perf_counter()
    corpus_tokens = bm25s.tokenize(texts, stemmer=stemmer, show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(corpus_tokens, show_progress=False)
    index_s = time.perf_counter() - t0

    k = min(args.k, len(corpus))

    def search_all():
        toks = bm25s.tokenize(qtexts, stemmer=stemmer, return_ids=False, show_progress=False)
        return retriever.retrieve(toks, k=k, n_threads=1, show_progress=False)

    search_all()  # warm-up
    best = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        results, _scores = search_all()
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)

    per_query = []
    for text in qtexts:
        t0 = time.perf_counter()
        toks = bm25s.tokenize([text], stemmer=stemmer, return_ids=False, show_progress=False)
        retriever.retrieve(toks, k=k, n_threads=1, show_progress=False)
        per_query.append((time.perf_counter() - t0) * 1000)

    run = {qid: [doc_ids[i] for i in row] for qid, row in zip(qids, results.tolist())}
    ndcg, nq = mean_ndcg(run, qrels)
    out = {
        "tool": "bm25s",
        "bm25s_version": getattr(bm25s, "__version__", "?"),
        "method": getattr(retriever, "method", "?"),
        "k1": getattr(retriever, "k1", None),
        "b": getattr(retriever, "b", None),
        "stopwords": "bm25s default (english)",
        "stemmer": stemmer_name,
        "docs": len(corpus),
        "queries": len(qtexts),
        "k": k,
        "index_seconds": round(index_s, 3),
        "batch_seconds": round(best, 4),
        "qps_1thread": round(len(qtexts) / best, 1),
        "latency_ms_p50": round(percentile(per_query, 50), 3),
        "latency_ms_p95": round(percentile(per_query, 95), 3),
        "latency_ms_p99": round(percentile(per_query, 99), 3),
        "split": args.split,
        "ndcg_queries": nq,
        "ndcg@10": round(ndcg, 4),
    }
    write(out, args.out)


def cmd_ndcg(args):
    qrels = load_qrels(os.path.join(args.scifact, "qrels", f"{args.split}.tsv"))
    ranked = {}
    with open(args.run, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            hit = json.loads(line)
            qid = str(hit.get("query_id"))
            doc = hit.get("doc") or {}
            did = str(doc.get("id", hit.get("doc_id")))
            ranked.setdefault(qid, []).append((hit.get("rank", 0), did))
    run = {}
    for qid, hits in ranked.items():
        seen, docs = set(), []
        for _, did in sorted(hits, key=lambda h: h[0]):
            if did not in seen:
                seen.add(did)
                docs.append(did)
        run[qid] = docs
    ndcg, nq = mean_ndcg(run, qrels)
    write({"tool": "ndcg", "run": args.run, "split": args.split,
           "ndcg_queries": nq, "ndcg@10": round(ndcg, 4)}, args.out)


def write(obj, path):
    text = json.dumps(obj, indent=1)
    if path:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    print(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["bm25s", "ndcg"])
    ap.add_argument("scifact")
    ap.add_argument("--k", type=int, default=100)
    ap.add_argument("--split", default="train")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--run")
    ap.add_argument("--out")
    args = ap.parse_args()
    if args.mode == "ndcg" and not args.run:
        ap.error("ndcg needs --run")
    (cmd_bm25s if args.mode == "bm25s" else cmd_ndcg)(args)


if __name__ == "__main__":
    sys.exit(main())
