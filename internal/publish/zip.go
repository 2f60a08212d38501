package publish

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"sync"
	"time"
)

// zipEntry is one file of the ZIP bundle.
type zipEntry struct {
	name string
	data []byte
}

// compressed is an entry deflated ahead of time, so that entries compress in parallel and
// the archive is then assembled with zip.Writer.CreateRaw.
type compressed struct {
	hdr  zip.FileHeader
	data []byte
	err  error
}

// writeZip bundles the CSV files of every election in one ZIP named like the official ones,
// e.g. 20240603_2000_PREP_PUE.zip holding 20240603_2000_PREP_GUB_PUE/PUE_GUB_2024.csv.
func writeZip(files *fileSet, name string, outs []electionFiles, when time.Time) error {
	var entries []zipEntry
	for _, o := range outs {
		entries = append(entries, o.csv...)
	}
	parts := make([]compressed, len(entries))
	var wg sync.WaitGroup
	for i, e := range entries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[i] = deflate(e, when)
		}()
	}
	wg.Wait()

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range parts {
		if parts[i].err != nil {
			return parts[i].err
		}
		w, err := zw.CreateRaw(&parts[i].hdr)
		if err != nil {
			return err
		}
		if _, err := w.Write(parts[i].data); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return files.add(name, buf.Bytes())
}

// deflate compresses one entry. Its modification time is the time of the cut, so that the
// same corte always produces the same bytes.
func deflate(e zipEntry, when time.Time) compressed {
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		return compressed{err: err}
	}
	if _, err := fw.Write(e.data); err != nil {
		return compressed{err: err}
	}
	if err := fw.Close(); err != nil {
		return compressed{err: err}
	}
	h := zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: when,
		CRC32: crc32.ChecksumIEEE(e.data), CompressedSize64: uint64(buf.Len()),
		UncompressedSize64: uint64(len(e.data))}
	return compressed{hdr: h, data: buf.Bytes()}
}
