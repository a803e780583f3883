"""Modal screens: the forms, confirmations and small dialogs."""
