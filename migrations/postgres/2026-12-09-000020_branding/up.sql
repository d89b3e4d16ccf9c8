-- Each organisation's look and legal pages: the pages its people see, and the join page and
-- mails of the meetings they organise. Keep migrations/sqlite/2026-12-09-000020_branding
-- equal in meaning.
CREATE TABLE organisation_branding (
    organisation_id     TEXT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    -- #rrggbb, accepted only with at least 4.5:1 contrast against white text (WCAG AA).
    accent_colour       TEXT,
    imprint_url         TEXT,
    privacy_url         TEXT,
    accessibility_url   TEXT,
    mail_footer_de      TEXT NOT NULL DEFAULT '',
    mail_footer_en      TEXT NOT NULL DEFAULT '',
    invitation_intro_de TEXT NOT NULL DEFAULT '',
    invitation_intro_en TEXT NOT NULL DEFAULT '',
    -- "Your data stays on your city's servers" is shown only when an administrator says so.
    data_stays_claim    BOOLEAN NOT NULL DEFAULT FALSE,
    -- A PNG or a script-free SVG of at most 512 KiB, checked by its content.
    logo                BYTEA,
    logo_type           TEXT CHECK (logo_type IN ('image/png', 'image/svg+xml')),
    -- A hash of the logo and colour: the assets' URLs change with them, so they are cached
    -- for good.
    version             TEXT NOT NULL UNIQUE,
    updated_at          TIMESTAMP NOT NULL
);
