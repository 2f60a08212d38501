package publish

import (
	"archive/zip"
	"bytes"
	"hash"
	"hash/crc32"
	"io"
	"time"

	"github.com/klauspost/compress/flate"

	"github.com/sufragio/sufragio/internal/opendata"
)

// compressed is an entry deflated ahead of time, so that entries compress in parallel and
// the archive is then assembled with zip.Writer.CreateRaw.
type compressed struct {
	hdr  zip.FileHeader
	data []byte
}

// zipWriter deflates a file for the ZIP while it is being written.
type zipWriter struct {
	hdr zip.FileHeader
	buf bytes.Buffer
	fw  *flate.Writer
	crc hash.Hash32
	n   int64
	err error
}

// newZipWriter starts an entry deflated with the fastest level of klauspost/compress, a
// drop-in for compress/flate that compresses these CSV files about twice as fast. Its
// modification time is the time of the cut, so the same corte always gives the same bytes.
func newZipWriter(name string, when time.Time) *zipWriter {
	z := &zipWriter{hdr: zip.FileHeader{Name: name, Method: zip.Deflate},
		crc: crc32.NewIEEE()}
	z.fw, z.err = flate.NewWriter(&z.buf, flate.BestSpeed)
	// CreateRaw writes the header as given and does not derive the MS-DOS date fields from
	// Modified, so they are set here, in local time as unzip shows them.
	t := when.In(opendata.Zona)
	z.hdr.Modified = t
	z.hdr.ModifiedDate = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	z.hdr.ModifiedTime = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return z
}

// Write deflates p.
func (z *zipWriter) Write(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	z.crc.Write(p)
	z.n += int64(len(p))
	return z.fw.Write(p)
}

// finish closes the stream and returns the entry.
func (z *zipWriter) finish() (compressed, error) {
	if z.err != nil {
		return compressed{}, z.err
	}
	if err := z.fw.Close(); err != nil {
		return compressed{}, err
	}
	z.hdr.CRC32 = z.crc.Sum32()
	z.hdr.CompressedSize64 = uint64(z.buf.Len())
	z.hdr.UncompressedSize64 = uint64(z.n)
	return compressed{hdr: z.hdr, data: z.buf.Bytes()}, nil
}

// writeZip bundles the CSV files of every election in one ZIP named like the official ones,
// e.g. 20240603_2000_PREP_PUE.zip holding 20240603_2000_PREP_GUB_PUE/PUE_GUB_2024.csv. The
// entries were deflated beforehand, each election in its own goroutine, and are written
// straight to the file.
func writeZip(files *fileSet, name string, outs []electionFiles) error {
	return files.stream(name, nil, time.Time{}, func(w io.Writer) error {
		zw := zip.NewWriter(w)
		for _, o := range outs {
			for i := range o.zip {
				part := &o.zip[i]
				fw, err := zw.CreateRaw(&part.hdr)
				if err != nil {
					return err
				}
				if _, err := fw.Write(part.data); err != nil {
					return err
				}
			}
		}
		return zw.Close()
	})
}
