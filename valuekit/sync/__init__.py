"""Client side of the team library: pull, three-way merge, push, events and blobs
against a ValueKit server (valuekit.server), with nothing discarded silently."""
