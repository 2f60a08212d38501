-- 0005: every write of an acta stamps it with the next number of its election's sequence
-- (cambio), and each election counts the writes that remove actas or move them in the
-- publication order (reordenes). The publisher of cortes then reads, between two cortes,
-- only the actas written since the last one, unless some were removed or moved.
ALTER TABLE actas ADD COLUMN cambio INTEGER NOT NULL DEFAULT 0;
CREATE INDEX actas_cambio ON actas (eleccion, cambio);
ALTER TABLE elections ADD COLUMN reordenes INTEGER NOT NULL DEFAULT 0;
