"""Progress that is never lost: the SQLite store, who the learner is, and the one scoring rule."""
