#!/usr/bin/env python3
"""Runs every row of the bad-input table (docs/bad-input.md) in a directory
of fixtures and checks the row's three promises: the exit code, the message
on stderr (a substring, the table's text verbatim) and that the directory is
unchanged afterwards (no output file, no partial or temporary file, existing
files untouched). Prints "N rows checked" or the failing rows.

usage: check_bad_input_table.py BAD_INPUT_MD FIXTURE_DIR
"""
import os
import re
import subprocess
import sys

ROW = re.compile(r"^\| *(\d+) *\|[^|]*\|[^|]*\| *`([^`]+)` *\| *(\d+) *\| *`([^`]*)` *\|$")


def snapshot(directory):
    """Every file and directory below `directory` with its size and mtime."""
    state = {}
    for base, dirs, files in os.walk(directory):
        for name in dirs + files:
            path = os.path.join(base, name)
            info = os.lstat(path)
            state[os.path.relpath(path, directory)] = (info.st_size,
                                                        info.st_mtime_ns)
    return state


def rows(markdown):
    """(number, command, exit code, message) of every table row."""
    found = []
    for line in open(markdown, encoding="utf-8"):
        line = line.rstrip("\n")
        if not re.match(r"^\| *\d+ *\|", line):
            continue
        m = ROW.match(line)
        if not m:
            sys.exit("malformed row: " + line)
        found.append((int(m.group(1)), m.group(2), int(m.group(3)),
                      m.group(4).replace("\\|", "|")))
    return found


def loads_vulkan_driver(command):
    """Whether a row runs the Vulkan engine on the installed driver
    (lavapipe, an uninstrumented LLVM JIT whose leaks LeakSanitizer reports
    at exit)."""
    return "--engine=vulkan" in command and not any(
        hidden in command
        for hidden in ("VK_ICD_FILENAMES=", "MNV4_VULKAN_LOADER="))


def main():
    markdown, fixtures = sys.argv[1:3]
    table = rows(markdown)
    numbers = [r[0] for r in table]
    if numbers != list(range(1, len(table) + 1)):
        sys.exit("rows are not numbered 1..%d: %s" % (len(table), numbers))
    failures, skipped = [], []
    for number, command, code, message in table:
        if os.environ.get("MNV4_SANITIZE") and loads_vulkan_driver(command):
            skipped.append(number)
            continue
        before = snapshot(fixtures)
        run = subprocess.run(command, shell=True, cwd=fixtures,
                             capture_output=True, text=True, timeout=300)
        after = snapshot(fixtures)
        problems = []
        if run.returncode != code:
            problems.append("exit %d, expected %d" % (run.returncode, code))
        if message not in run.stderr:
            problems.append("stderr lacks the message")
        if before != after:
            changed = sorted(set(before.items()) ^ set(after.items()))
            problems.append("the directory changed: %s" %
                            sorted({name for name, _ in changed}))
        if problems:
            failures.append("row %d: `%s`: %s\nstderr: %s" % (
                number, command, "; ".join(problems), run.stderr[-600:]))
    for failure in failures:
        print(failure)
    print("%d rows checked, %d failed" % (len(table) - len(skipped),
                                          len(failures)))
    if skipped:
        print("skipped under the sanitizers (they load the uninstrumented "
              "Vulkan driver, as scripts/sanitize.sh's cut of vulkan/engine "
              "and vulkan/bad-input): rows %s" % skipped)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
