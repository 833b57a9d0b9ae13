-- Rota changes (/cover, /swap): applied by the pure roster on top of the community file's shifts.
CREATE TABLE rota_changes (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,             -- cover | swap
    worker_a    INTEGER NOT NULL,          -- cover: the worker covered; swap: the first worker
    worker_b    INTEGER NOT NULL,          -- cover: who covers;         swap: the second worker
    day         TEXT NOT NULL,             -- local date (YYYY-MM-DD) of worker_a's shifts that move
    day_b       TEXT,                      -- swap over two dates: the day of worker_b's shifts
    created_by  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX rota_changes_day ON rota_changes (day);
