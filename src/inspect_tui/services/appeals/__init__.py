"""The appeal kit and appeal tracking: what a seller uploads when the platform steps in.

:mod:`.kit` assembles the kit for one inspection and one platform: photos re-encoded and stamped
within the platform's limits (:mod:`.photos`, :mod:`.platforms` with ``platforms.toml``), the
unboxing clip (:mod:`.clip`), the Chinese statement (:mod:`.statement`) and its PDF (:mod:`.pdf`),
the SHA-256 manifest and the audit extract. :mod:`.tracking` records the case: number, deadline,
status and money recovered, each change audited.
"""
