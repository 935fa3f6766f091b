#!/usr/bin/env python3
"""Explode JSON Lines articles into one `.txt` per article: `title\n\ntext\n`.

usage: explode_wiki.py OUT_DIR FILE.jsonl...

Standard library only. Writes into OUT_DIR.tmp and renames it at the end, so
an interrupted run never leaves a half-written OUT_DIR behind.
"""
import json
import os
import re
import shutil
import sys


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    tmp = out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    seen = set()
    count = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                rec = json.loads(line)
                doc_id = str(rec.get("id") or rec.get("_id") or f"{os.path.basename(path)}-{n}")
                name = re.sub(r"[^A-Za-z0-9_.-]", "_", doc_id)
                while name in seen:
                    name += "_"
                seen.add(name)
                title = (rec.get("title") or "").strip()
                text = rec.get("text") or ""
                with open(os.path.join(tmp, name + ".txt"), "w", encoding="utf-8") as o:
                    o.write(f"{title}\n\n{text}\n")
                count += 1
    shutil.rmtree(out, ignore_errors=True)
    os.rename(tmp, out)
    print(f"wrote {count} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
