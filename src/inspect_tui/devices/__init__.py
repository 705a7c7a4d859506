"""The station's hardware, as plain Python: no database, no screens.

The scanner's key buffer (:mod:`.scanner`), the scales and their byte protocols (:mod:`.scales`),
the photo inbox and media files (:mod:`.photos`, :mod:`.media_files`), and the recording folder of
the bench camera (:mod:`.recording`).
"""
