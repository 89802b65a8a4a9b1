"""What the bench/ scripts share: their error type, terminal progress and
running a tool (docs/benchmarks.md)."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")


class BenchError(Exception):
    pass


def progress(message):
    """Rewrites one status line on stderr when it is a terminal."""
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K" + message)
        sys.stderr.flush()


def run(cmd, what):
    """Runs `cmd`; its stdout, or BenchError naming `what` with its stderr."""
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BenchError("%s failed (exit %d): %s\n%s" % (
            what, proc.returncode, " ".join(cmd), proc.stderr.strip()))
    return proc.stdout
