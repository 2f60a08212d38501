-- 0004: the cómputos. A council's cómputo session is the log of its acts (internal/computo):
-- the session row names it, and its events, append-only, are its whole record; the state
-- of the session is what replaying them gives. Users may belong to one council.

-- consejo is the council a user acts for: D-001 (consejo distrital), M-114 (consejo
-- municipal), NULL for the Consejo General, which acts on every cómputo (it may take over a
-- council's cómputo: the cómputos supletorios).
ALTER TABLE users ADD COLUMN consejo TEXT;

CREATE TABLE computo_sesiones (
    id         TEXT PRIMARY KEY, -- GUB-001, DIP_LOC-005, AYUN-114, GUB-VMRE, GUB-ESTATAL
    eleccion   TEXT NOT NULL,
    unidad     TEXT NOT NULL,
    tipo       TEXT NOT NULL,    -- consejo (a council's session) or estatal
    consejo    TEXT NOT NULL,    -- the council that holds it: D-001, M-114, or CG
    created_at TEXT NOT NULL
);

CREATE TABLE computo_eventos (
    sesion    TEXT NOT NULL REFERENCES computo_sesiones (id),
    secuencia INTEGER NOT NULL, -- from 1, without gaps
    tipo      TEXT NOT NULL,
    quien     TEXT NOT NULL,
    cuando    TEXT NOT NULL,
    datos     TEXT NOT NULL,    -- the event as JSON (computo.Evento)
    PRIMARY KEY (sesion, secuencia)
);

CREATE TRIGGER computo_eventos_no_update BEFORE UPDATE ON computo_eventos
BEGIN
    SELECT RAISE(ABORT, 'computo_eventos is append-only');
END;

CREATE TRIGGER computo_eventos_no_delete BEFORE DELETE ON computo_eventos
BEGIN
    SELECT RAISE(ABORT, 'computo_eventos is append-only');
END;
