#!/usr/bin/env python3
# pdf-sizes.py FILE.pdf: the type sizes of a PDF written by Cairo, read
# from its content streams (qpdf --qdf): each text matrix « a 0 0 -a x y
# Tm » sets the size of the strings shown after it. Prints « min SIZE »
# and « body SIZE » (the size of most characters), in points.
import collections, re, subprocess, sys, tempfile, os
with tempfile.TemporaryDirectory() as d:
    q = os.path.join(d, "q.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", sys.argv[1], q],
                   check=False, capture_output=True)
    data = open(q, "rb").read().decode("latin-1")
count = collections.Counter()
size = None
for m in re.finditer(r"([\d.]+) 0 0 -([\d.]+) [-\d.]+ [-\d.]+ Tm|"
                     r"\[((?:\([^)]*\)|<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ|"
                     r"(\([^)]*\)|<[0-9a-fA-F]*>)\s*Tj", data):
    if m.group(1):
        size = float(m.group(1))
        continue
    s = m.group(3) if m.group(3) is not None else m.group(4)
    n = sum(len(x) for x in re.findall(r"\(([^)]*)\)", s))
    n += sum(len(x) // 4 for x in re.findall(r"<([0-9a-fA-F]*)>", s))
    if size is not None and n > 0:
        count[round(size, 2)] += n
if not count:
    sys.exit("no text")
print("min", min(count))
print("body", count.most_common(1)[0][0])
