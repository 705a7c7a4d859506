"""The supervisor's desk.

:mod:`.sign_in` (role, PIN, lockout) with :mod:`.pins` and :mod:`.operators`;
:mod:`.desk` is the ``ReviewDesk`` facade — the queue, approve / overturn / reopen; :mod:`.detail`
shows one inspection side by side; :mod:`.figures` counts the days; :mod:`.summaries` holds the
frozen values the screens and reports draw; :mod:`.back_office` is what leaves the desk from the
supervisor's seat (the log, evidence packs).
"""
