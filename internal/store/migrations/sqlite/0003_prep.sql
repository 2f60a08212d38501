-- 0003: the PREP production line run by sufragio: the stage of every acta of the catalog,
-- its arrivals, images and captures, the images kept on disk, what did not match the
-- catalog, and which version of each acta every corte published.

-- One row per acta of the catalog loaded for the operation. votos lists the vote columns
-- the acta carries (indexes into the election's contenders); version guards every change
-- against a concurrent one (UPDATE … WHERE version = ?).
CREATE TABLE prep_actas (
    eleccion        TEXT NOT NULL REFERENCES elections (code),
    id              TEXT NOT NULL,
    unidad_id       TEXT NOT NULL,
    votos           TEXT NOT NULL,
    etapa           TEXT NOT NULL,
    version         INTEGER NOT NULL,
    ronda           INTEGER NOT NULL, -- capture round; a verificador's return starts another
    ocupadas        INTEGER NOT NULL, -- capture slots of the round taken (0 to 2)
    acopio_at       TEXT NOT NULL,
    acopio_por      TEXT NOT NULL,
    mecanismo       TEXT NOT NULL,
    motivo_sin_acta INTEGER NOT NULL,
    imagen          TEXT NOT NULL,    -- SHA-256 of the image used
    origen          TEXT NOT NULL,
    digitalizacion  TEXT NOT NULL,
    tipo_documento  TEXT NOT NULL,
    digitalizada_at TEXT NOT NULL,
    digitalizada_por TEXT NOT NULL,
    verificador     TEXT NOT NULL,    -- the verificador the acta is handed to, or ''
    verificador_hasta TEXT NOT NULL,
    verificada_at   TEXT NOT NULL,
    verificada_por  TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (eleccion, id)
);

CREATE INDEX prep_actas_etapa ON prep_actas (etapa, digitalizada_at);
CREATE INDEX prep_actas_unidad ON prep_actas (eleccion, unidad_id);

-- Every arrival registered at acopio, duplicates included: a second arrival of an acta is
-- kept as such and never counted twice.
CREATE TABLE acopios (
    id         INTEGER PRIMARY KEY,
    eleccion   TEXT NOT NULL,
    acta_id    TEXT NOT NULL, -- '' when the key matched no acta (fuera de catálogo)
    clave      TEXT NOT NULL, -- the key as typed or read from the QR code
    at         TEXT NOT NULL,
    usuario    TEXT NOT NULL,
    mecanismo  TEXT NOT NULL,
    motivo_sin_acta INTEGER NOT NULL,
    duplicado  INTEGER NOT NULL,
    canal      TEXT NOT NULL  -- CATD or CASILLA
);

CREATE INDEX acopios_acta ON acopios (eleccion, acta_id);

-- The images, content-addressed: each is found by its SHA-256, its bytes appended to a pack
-- file under imagenes/ in the data folder (paquete-NNNNNN.bin) at desplazamiento.
CREATE TABLE imagenes (
    sha256         TEXT PRIMARY KEY,
    size           INTEGER NOT NULL,
    content_type   TEXT NOT NULL,
    stored_at      TEXT NOT NULL,
    paquete        INTEGER NOT NULL,
    desplazamiento INTEGER NOT NULL
);

-- Every image delivered for an acta, by any channel; prep_actas.imagen says which one the
-- capture used.
CREATE TABLE acta_imagenes (
    eleccion       TEXT NOT NULL,
    acta_id        TEXT NOT NULL,
    sha256         TEXT NOT NULL REFERENCES imagenes (sha256),
    origen         TEXT NOT NULL,
    digitalizacion TEXT NOT NULL,
    at             TEXT NOT NULL,
    usuario        TEXT NOT NULL,
    PRIMARY KEY (eleccion, acta_id, sha256)
);

-- The captures of each round: two slots, each handed to one capturista; capturada_at is ''
-- while the slot is only assigned, and the assignment lapses at expira_at.
CREATE TABLE capturas (
    eleccion     TEXT NOT NULL,
    acta_id      TEXT NOT NULL,
    ronda        INTEGER NOT NULL,
    turno        INTEGER NOT NULL,
    usuario      TEXT NOT NULL,
    asignada_at  TEXT NOT NULL,
    expira_at    TEXT NOT NULL,
    capturada_at TEXT NOT NULL,
    valores      TEXT NOT NULL,
    PRIMARY KEY (eleccion, acta_id, ronda, turno)
);

CREATE INDEX capturas_usuario ON capturas (usuario, capturada_at);
CREATE INDEX capturas_pendientes ON capturas (capturada_at, expira_at);

-- The verificador's decisions.
CREATE TABLE verificaciones (
    id          INTEGER PRIMARY KEY,
    eleccion    TEXT NOT NULL,
    acta_id     TEXT NOT NULL,
    ronda       INTEGER NOT NULL,
    usuario     TEXT NOT NULL,
    at          TEXT NOT NULL,
    accion      TEXT NOT NULL, -- automatica, resuelta, devuelta
    diferencias TEXT NOT NULL, -- the differing columns
    valores     TEXT NOT NULL  -- the figures published, '' when returned to capture
);

CREATE INDEX verificaciones_acta ON verificaciones (eleccion, acta_id);

-- Arrivals and images that matched no acta of the catalog. They have no election; every
-- election's corte lists them (RULES.md §4.6 item 7).
CREATE TABLE fuera_catalogo (
    id             TEXT PRIMARY KEY,
    clave          TEXT NOT NULL,
    at             TEXT NOT NULL,
    usuario        TEXT NOT NULL,
    mecanismo      TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    origen         TEXT NOT NULL,
    digitalizacion TEXT NOT NULL,
    tipo_documento TEXT NOT NULL
);

-- Which version of each acta each corte published: only the actas added or changed since
-- the corte before, so the full content of corte n is, per acta, its row with the greatest
-- corte ≤ n.
CREATE TABLE corte_actas (
    corte    INTEGER NOT NULL REFERENCES cortes (numero),
    eleccion TEXT NOT NULL,
    acta_id  TEXT NOT NULL,
    version  INTEGER NOT NULL,
    PRIMARY KEY (corte, eleccion, acta_id)
);

CREATE INDEX corte_actas_acta ON corte_actas (eleccion, acta_id, corte);

