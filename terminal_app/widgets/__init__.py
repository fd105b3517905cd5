"""Reusable widgets of the cashier screens."""
