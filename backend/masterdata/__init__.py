"""Master data of the terminal store: repository, CSV import and export, PINs, demo store."""
