"""Team sync in the desktop app: status-bar indicator with "Sync now" and periodic sync,
and a view of conflicts and refused changes."""
