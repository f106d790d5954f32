"""ValueKit's desktop app (PySide6): views over the ``valuekit`` core, no SQL, no business rules."""
