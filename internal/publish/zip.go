package publish

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"time"

	"github.com/klauspost/compress/flate"

	"github.com/sufragio/sufragio/internal/opendata"
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
// e.g. 20240603_2000_PREP_PUE.zip holding 20240603_2000_PREP_GUB_PUE/PUE_GUB_2024.csv. The
// entries were deflated beforehand, each election in its own goroutine.
func writeZip(files *fileSet, name string, outs []electionFiles) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, o := range outs {
		for i := range o.zip {
			part := &o.zip[i]
			if part.err != nil {
				return part.err
			}
			w, err := zw.CreateRaw(&part.hdr)
			if err != nil {
				return err
			}
			if _, err := w.Write(part.data); err != nil {
				return err
			}
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return files.add(name, buf.Bytes())
}

// deflate compresses one entry with the fastest level of klauspost/compress, a drop-in for
// compress/flate that compresses this CSV about twice as fast. Its modification time is the time of the cut, so that the
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
	h := zip.FileHeader{Name: e.name, Method: zip.Deflate,
		CRC32: crc32.ChecksumIEEE(e.data), CompressedSize64: uint64(buf.Len()),
		UncompressedSize64: uint64(len(e.data))}
	// CreateRaw writes the header as given and does not derive the MS-DOS date fields from
	// Modified, so they are set here, in local time as unzip shows them.
	t := when.In(opendata.Zona)
	h.Modified = t
	h.ModifiedDate = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	h.ModifiedTime = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return compressed{hdr: h, data: buf.Bytes()}
}
