"""Benchmark: whole-process time of the back office's commands against bare imports.

    python bench/bench_cli_start.py                 # 7 rounds
    python bench/bench_cli_start.py --rounds 15

Every measurement is a fresh ``python`` process, timed from ``fork`` to exit (wall clock, and
the child's user + system CPU from ``wait4``), so interpreter start-up, imports, the schema
check and the query all count, as they do for a shell script calling the command per parcel:

* baselines: ``python -c "import typer"`` and ``python -c "import sqlmodel, typer"``;
* ``--help``, ``decode SF1402590004417`` (no database), ``lookup SF1402590004417 --json`` and
  ``report daily --date 2026-11-18 --json`` on a demo store built once beforehand.

The commands and the baselines are run in interleaved rounds (one of each per round, in a
shuffled order), so a busy machine slows them alike; the median of each is reported with the
ratios the goals are stated in: ``--help`` and ``decode`` <= 3x ``import typer``; ``lookup``
and ``report`` <= 1.3x ``import sqlmodel, typer``. ``--compare SRC`` adds the four commands run
with ``PYTHONPATH=SRC`` (another version's ``src`` folder), measured in the same rounds.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARCEL = "SF1402590004417"

BASELINES: dict[str, list[str]] = {
    "import typer": ["-c", "import typer"],
    "import sqlmodel, typer": ["-c", "import sqlmodel, typer"],
}
COMMANDS: dict[str, list[str]] = {
    "--help": ["--help"],
    "decode": ["decode", PARCEL],
    "lookup --json": ["lookup", PARCEL, "--json"],
    "report daily --json": ["report", "daily", "--date", "2026-11-18", "--json"],
}
GOALS = {
    "--help": ("import typer", 3.0),
    "decode": ("import typer", 3.0),
    "lookup --json": ("import sqlmodel, typer", 1.3),
    "report daily --json": ("import sqlmodel, typer", 1.3),
}


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run ``python ARGS``; (wall seconds, child CPU seconds). Fails on a non-zero exit."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} exited {process.returncode}: {stderr}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--compare", type=Path, help="another version's src folder")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as folder:
        env = {**os.environ, "INSPECT_TUI_HOME": folder, "TZ": "UTC"}
        env.pop("INSPECT_TUI_DB", None)
        # An installed program runs from byte code (pip compiles it); so do the runs here.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run(
            [sys.executable, "-m", "inspect_tui", "demo", "--no-start"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        db = f"sqlite:///{Path(folder) / 'demo' / 'inspect.db'}"
        runs = {
            **{name: (args, env) for name, args in BASELINES.items()},
            **{
                name: (["-m", "inspect_tui", "--db", db, *args], env)
                for name, args in COMMANDS.items()
            },
        }
        if options.compare:
            other = {**env, "PYTHONPATH": str(options.compare.resolve())}
            for name in COMMANDS:
                runs[f"{name} @compare"] = (runs[name][0], other)
                GOALS[f"{name} @compare"] = GOALS[name]
        for args, run_env in runs.values():  # warm the file cache and bytecode once
            timed(args, run_env)
        walls: dict[str, list[float]] = {name: [] for name in runs}
        cpus: dict[str, list[float]] = {name: [] for name in runs}
        order = list(runs)
        for _ in range(options.rounds):
            random.shuffle(order)
            for name in order:
                wall, cpu = timed(*runs[name])
                walls[name].append(wall)
                cpus[name].append(cpu)
    load = os.getloadavg()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
          f"load {load[0]:.1f} {load[1]:.1f}; {options.rounds} rounds, medians")  # fmt: skip
    print(f"{'':30} {'wall s':>8} {'cpu s':>8}  goal")
    for name in runs:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        goal = ""
        if name in GOALS:
            base, limit = GOALS[name]
            ratio = wall / statistics.median(walls[base])
            cpu_ratio = cpu / statistics.median(cpus[base])
            verdict = "met" if ratio <= limit else "NOT met"
            goal = f"{ratio:.2f}x {base} (cpu {cpu_ratio:.2f}x); goal <= {limit}x: {verdict}"
        print(f"{name:30} {wall:8.3f} {cpu:8.3f}  {goal}")


if __name__ == "__main__":
    main()
