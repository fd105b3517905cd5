"""Terminal lifecycle: open and close, staff and approvals, cash movements, suspend and
resume, voids, returns and exchanges, X and Z reports, and the electronic journal."""
