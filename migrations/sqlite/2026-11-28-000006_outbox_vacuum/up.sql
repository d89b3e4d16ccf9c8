-- PostgreSQL tunes autovacuum for the outbox here; SQLite has no autovacuum of this kind, and
-- its query planner does not depend on gathered statistics for the claim. Nothing to do.
SELECT 1;
