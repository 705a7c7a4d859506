"""The pure domain: decoding scans, weighing, matching contents, grading and the return rules.

Nothing here does I/O or imports Textual or SQL; everything is a function of its inputs.
"""
