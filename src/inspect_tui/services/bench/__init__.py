"""The bench: every scan and key-level command of one station, applied in order.

:class:`~inspect_tui.services.bench.controller.BenchController` is the one owner of what the
clerk is doing (the parcel on the bench, the unit picked, the evidence kind chosen, what waits
for confirmation). It reads each scan against the parcel's current step
(:mod:`~inspect_tui.services.bench.reading`), applies it through the Workstation and publishes
a :class:`~inspect_tui.services.bench.state.BenchState` that a screen only has to draw. It
imports no Textual: a script, a test and the terminal app drive the bench alike.
"""
