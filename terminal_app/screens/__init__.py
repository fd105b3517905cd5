"""The cashier app's screens and dialogs."""
