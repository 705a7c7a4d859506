"""The store: the SQLModel tables, the engine (SQLite or PostgreSQL), migrations, the audit trail.

- :mod:`.models` and :mod:`.types` are the tables; :mod:`.engine` and :mod:`.session` open them
  and run short transactions; :mod:`.migrate` runs Alembic.
- :mod:`.audit` and its companions chain every write into a keyed hash chain that
  :mod:`.audit_verify` checks (edits, deletions and truncation are all detected).
- :mod:`.queries`, :mod:`.reports` and :mod:`.repeat_buyers` are the read queries the services
  share.
"""
