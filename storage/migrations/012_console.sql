-- The committee's console (issue 16): sign-in links, sessions, and readers' corrections.

-- A one-time sign-in link sent in private: signed, short lived, bound to one person, used once.
CREATE TABLE console_links (
    nonce       TEXT PRIMARY KEY,          -- the random part of the link (the signature is not stored)
    user_id     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX console_links_expiry ON console_links (expires_at);

-- A signed-in console session; only a hash of the session id is kept (a copied database opens no session).
CREATE TABLE console_sessions (
    id_hash     TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    csrf        TEXT NOT NULL,             -- sent back in X-CSRF-Token with every change
    via         TEXT NOT NULL,             -- link | webapp
    language    TEXT,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);
CREATE INDEX console_sessions_user ON console_sessions (user_id);

-- A staff member corrected the reader (colour or category) from the console: a labelled example for
-- the reader's training data (`linli corrections` writes them in the corpus format).
CREATE TABLE reader_corrections (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events (id),
    field       TEXT NOT NULL,             -- category | urgency
    old_value   TEXT NOT NULL,
    new_value   TEXT NOT NULL,
    text        TEXT NOT NULL,             -- the report's words when corrected (erased by /forget_me)
    by_user     INTEGER NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX reader_corrections_event ON reader_corrections (event_id);

-- The board: open events only, oldest first (a partial index stays small with millions of closed events).
CREATE INDEX events_open_board ON events (created_at) WHERE status IN ('new', 'dispatched', 'accepted');
-- Hot spots: places and categories of a period.
CREATE INDEX events_place_time ON events (created_at, building, category, grid_id);
