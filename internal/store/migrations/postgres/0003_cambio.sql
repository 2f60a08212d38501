-- 0003: SQLite's 0005. Every write of an acta stamps it with the next number of its
-- election's sequence (cambio), and each election counts the writes that remove
-- actas or move them in the publication order (reordenes), so that the publisher of cortes
-- reads, between two cortes, only the actas written since the last one.
ALTER TABLE actas ADD COLUMN cambio BIGINT NOT NULL DEFAULT 0;
CREATE INDEX actas_cambio ON actas (eleccion, cambio);
ALTER TABLE elections ADD COLUMN reordenes BIGINT NOT NULL DEFAULT 0;
