"""What every use case shares: frozen views, desk errors, input limits, opening the store.

Nothing here imports another services package.
"""
