-- 0002: the people and the record of the PREP operation: settings, CATDs, users, sessions
-- and the audit trail; acta versions written by sufragio's own capture.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A CATD (centro de acopio y transmisión de datos) covers some units of each election.
CREATE TABLE catds (
    code       TEXT PRIMARY KEY,
    nombre     TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE catd_unidades (
    eleccion  TEXT NOT NULL,
    unidad_id TEXT NOT NULL,
    catd      TEXT NOT NULL REFERENCES catds (code),
    PRIMARY KEY (eleccion, unidad_id)
);

CREATE INDEX catd_unidades_catd ON catd_unidades (catd);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL UNIQUE,
    nombre              TEXT NOT NULL,
    role                TEXT NOT NULL,
    catd                TEXT REFERENCES catds (code), -- NULL: every CATD (administrador, auditor)
    password_hash       TEXT NOT NULL,
    must_change         INTEGER NOT NULL, -- 1 until the user sets a password of his own
    disabled            INTEGER NOT NULL,
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);

-- Server-side sessions; only the SHA-256 of the token is kept, so a copy of the database
-- opens no session.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    address    TEXT NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);

-- The audit trail: append-only, each entry chained to the one before by its hash
-- (internal/audit). audit_head holds the last entry, updated in the same transaction, so
-- that a deleted tail is found too.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    role      TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    before    TEXT NOT NULL,
    after     TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);

INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

-- acta_history also keeps the versions replaced by sufragio's own capture, which come from
-- no import: import_id becomes optional and source says where the replacing version came
-- from ('import' or 'captura').
CREATE TABLE acta_history_v2 (
    eleccion          TEXT NOT NULL,
    id                TEXT NOT NULL,
    version           INTEGER NOT NULL,
    orden             INTEGER NOT NULL,
    clave_casilla     TEXT NOT NULL,
    clave_acta        TEXT NOT NULL,
    id_entidad        TEXT NOT NULL,
    entidad           TEXT NOT NULL,
    unidad_id         TEXT NOT NULL,
    unidad            TEXT NOT NULL,
    seccion           TEXT NOT NULL,
    id_casilla        TEXT NOT NULL,
    num_casilla       INTEGER NOT NULL,
    tipo_casilla      TEXT NOT NULL,
    ext_contigua      TEXT NOT NULL,
    ubicacion         TEXT NOT NULL,
    tipo_acta         TEXT NOT NULL,
    boletas_sobrantes TEXT NOT NULL,
    personas_votaron  TEXT NOT NULL,
    rep_votaron       TEXT NOT NULL,
    votos_sacados     TEXT NOT NULL,
    votos             TEXT NOT NULL,
    total_asentado    TEXT NOT NULL,
    total_calculado   TEXT NOT NULL,
    lista_nominal     TEXT NOT NULL,
    representantes    TEXT NOT NULL,
    pub_estado        INTEGER,
    pub_flags         INTEGER,
    observaciones_pub TEXT NOT NULL,
    mecanismo         TEXT NOT NULL,
    codigo_integridad TEXT NOT NULL,
    acopio            TEXT NOT NULL,
    captura           TEXT NOT NULL,
    verificacion      TEXT NOT NULL,
    origen            TEXT NOT NULL,
    digitalizacion    TEXT NOT NULL,
    tipo_documento    TEXT NOT NULL,
    extra             TEXT NOT NULL,
    import_id         INTEGER REFERENCES imports (id),
    reason            TEXT NOT NULL, -- changed or removed
    source            TEXT NOT NULL DEFAULT 'import',
    PRIMARY KEY (eleccion, id, version)
);

INSERT INTO acta_history_v2 SELECT *, 'import' FROM acta_history;
DROP TABLE acta_history;
ALTER TABLE acta_history_v2 RENAME TO acta_history;
