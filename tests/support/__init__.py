"""Test support: real FerretDB, Redis and daprd servers started on loopback ports."""
