-- 0001: elections, actas with their history, imports with their discrepancies, cortes.
-- Times are RFC 3339 text with the offset they were read with; booleans are 0/1.

CREATE TABLE elections (
    code       TEXT PRIMARY KEY,
    entidad_id TEXT NOT NULL,
    definition TEXT NOT NULL, -- catalog.Eleccion as JSON
    as_of      TEXT NOT NULL, -- cut time of the data held
    updated_at TEXT NOT NULL
);

CREATE TABLE imports (
    id            INTEGER PRIMARY KEY,
    file          TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    eleccion      TEXT NOT NULL REFERENCES elections (code),
    as_of         TEXT NOT NULL,
    row_count     INTEGER NOT NULL,
    discrepancies INTEGER NOT NULL,
    added         INTEGER NOT NULL,
    changed       INTEGER NOT NULL,
    unchanged     INTEGER NOT NULL,
    removed       INTEGER NOT NULL,
    imported_at   TEXT NOT NULL
);

CREATE INDEX imports_sha256 ON imports (sha256, eleccion);

CREATE TABLE discrepancies (
    import_id INTEGER NOT NULL REFERENCES imports (id),
    line      INTEGER NOT NULL,
    acta_id   TEXT NOT NULL, -- empty for a field of the summary header
    kind      TEXT NOT NULL, -- the column or summary field
    published TEXT NOT NULL,
    computed  TEXT NOT NULL
);

CREATE INDEX discrepancies_import ON discrepancies (import_id);

-- Vote cells are one text of the canonical cells joined by "," in vote-column order; no
-- cell value contains a comma. Other cells are canonical text (acta.Value.String); stamps
-- are RFC 3339 or their special value. pub_estado and pub_flags are NULL on actas captured
-- by sufragio, which have no published classification.
CREATE TABLE actas (
    eleccion          TEXT NOT NULL REFERENCES elections (code),
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
    extra             TEXT NOT NULL, -- JSON array of the unmodelled cells
    PRIMARY KEY (eleccion, id)
);

CREATE INDEX actas_orden ON actas (eleccion, orden);

-- Every version of an acta that an import replaced or removed, with the import that did it.
CREATE TABLE acta_history (
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
    import_id         INTEGER NOT NULL REFERENCES imports (id),
    reason            TEXT NOT NULL, -- changed or removed
    PRIMARY KEY (eleccion, id, version)
);

CREATE TABLE cortes (
    numero       INTEGER PRIMARY KEY,
    hora         TEXT NOT NULL,
    final        INTEGER NOT NULL,
    generated_at TEXT NOT NULL,
    folder       TEXT NOT NULL,
    zip          TEXT NOT NULL,
    zip_sha256   TEXT NOT NULL
);
