#!/usr/bin/env python3
"""Prints the README's command list from engine/command_table.cc, one table
row per family section, so the README never lists a command the table lacks
(or misses one it has).
  python3 scripts/command_list.py            print the list
  python3 scripts/command_list.py --write    rewrite it in README.md
  python3 scripts/command_list.py --check    fail if README.md is stale"""
import re
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
text = (root / "engine" / "command_table.cc").read_text()
start = text.index("constexpr CommandSpec kCommands[]")
body = text[start:]
subtables = {}
for m in re.finditer(r"constexpr CommandSpec (k\w+Subcommands)\[\] = \{(.*?)\n\};", text, re.S):
    subtables[m.group(1)] = re.findall(r'^\s*\{"([a-z0-9_-]+)"', m.group(2), re.M)

rows = []
family = None
for line in body.splitlines():
    fam = re.match(r"\s*// --- ([a-zA-Z ]+?)(?: \(|$|\.)", line)
    if fam:
        family = fam.group(1).strip()
        rows.append([family, []])
        continue
    cmd = re.match(r'\s*\{"([a-z0-9_|-]+)",.*', line)
    if cmd and family:
        name = cmd.group(1).upper()
        sub = re.search(r"(k\w+Subcommands)\}", line + body.split(line, 1)[1].split("\n", 2)[1])
        if sub and sub.group(1) in subtables:
            name += " (" + " ".join(s.upper() for s in subtables[sub.group(1)]) + ")"
        rows[-1][1].append(name)

out = ["| family | commands |", "|---|---|"]
for fam, cmds in rows:
    if cmds:
        out.append("| %s | %s |" % (fam, ", ".join(cmds)))
table = "\n".join(out)
BEGIN, END = "<!-- command list: begin -->", "<!-- command list: end -->"
if len(sys.argv) > 1:
    readme_path = root / "README.md"
    readme = readme_path.read_text()
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    fresh = head + BEGIN + "\n" + table + "\n" + END + tail
    if sys.argv[1] == "--write":
        readme_path.write_text(fresh)
    elif fresh != readme:
        sys.exit("README.md's command list is stale: run "
                 "python3 scripts/command_list.py --write")
else:
    print(table)
