#!/usr/bin/env python3
# pdf-names.py DUMP TEXT...: prints the commune names cut across two lines
# (« Hérou-/ville », « Château-/Chinon ») in the pdftotext outputs TEXT;
# exits 1 when there is one. DUMP is the output of `maillage dump`.
import re, sys
names = set()
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"^territoire \S+ \(commune\) (.*?)(, \d+ communes?)?$", line)
    if m:
        names.add(m.group(1))
# Every way a name may start: its words glued (soft hyphens vanish).
glued = {n.replace("\u00a0", " ") for n in names}
bad = []
for path in sys.argv[2:]:
    lines = open(path, encoding="utf-8").read().split("\n")
    for i in range(len(lines) - 1):
        a = lines[i].rstrip()
        if not a.endswith("-") and not a.endswith("\u00ad"):
            continue
        m = re.search(r"(\S+)$", a)
        b = lines[i + 1].lstrip()
        m2 = re.match(r"(\S+)", b)
        if not m or not m2:
            continue
        left = m.group(1)
        tail = a[:m.start()].split()
        for k in range(0, 4):
            before = " ".join(tail[len(tail) - k:]) if k else ""
            l = (before + " " + left).strip()
            for joined in (l[:-1] + m2.group(1), l + m2.group(1)):
                for n in glued:
                    if len(n) > len(l[:-1]) and (joined.startswith(n) or
                            n.startswith(joined)) and l[:-1] in n:
                        bad.append("%s: %s / %s (%s)" % (path, l, m2.group(1), n))
for b in sorted(set(bad)):
    print(b)
sys.exit(1 if bad else 0)
