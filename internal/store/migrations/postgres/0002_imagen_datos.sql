-- 0002 (PostgreSQL only): on PostgreSQL the bytes of the acta images live in the database,
-- so that every sufragio instance sharing it reads every image, and a streaming replica
-- holds them too. imagenes.paquete is 0 for them (SQLite keeps pack files, numbered from 1).
CREATE TABLE imagen_datos (
    sha256 TEXT PRIMARY KEY,
    datos  BYTEA NOT NULL
);
