// Package destino copies published cortes from the local cortes folder (see package publish)
// to where the public reads them: another folder, or a bucket of an S3-compatible object
// store. A destination is named by a URL:
//
//	/srv/prep/cortes                       a folder (a relative path works too)
//	file:///srv/prep/cortes                the same folder
//	s3://bucket                            the root of a bucket
//	s3://bucket/prep/2024?endpoint=127.0.0.1:8333&region=us-east-1&insecure=true
//
// The query parameters of an s3 URL are:
//
//	endpoint  host[:port] of the S3 service, without scheme; s3.amazonaws.com when absent
//	region    the bucket's region; asked of the service when absent
//	insecure  true to speak plain HTTP instead of HTTPS (a test server, a local network)
//
// Any other parameter is refused, so that a misspelt one is not silently ignored. The
// credentials come from the environment, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
// optionally AWS_SESSION_TOKEN, never from the URL; without them the requests are anonymous.
//
// A destination that starts like a URL without its slashes ("file:/srv/x", "s3:/bucket")
// is refused rather than taken for a relative folder; ./name names a folder whose name
// holds a colon. A folder is made when the destination is opened, and refused then if no
// file can be written in it.
//
// # Invariants
//
// A destination holds the layout of the cortes folder: index.json, one folder per corte,
// and imagenes/. Publishing a corte writes, in this order, and each step only after the
// previous one is complete:
//
//  1. every file of imagenes/ the destination does not hold yet — the content-addressed
//     images first, then the other files of the folder (its index), which may change;
//  2. every file of the corte folder listed in its manifest;
//  3. corte.json.sig, when the corte is signed;
//  4. corte.json;
//  5. index.json, the only file whose change readers see as "a new corte".
//
// So index.json never names a corte, and a corte never names an image, that a reader
// cannot fetch. Each file is checked against the size and SHA-256 it must have (from the
// manifest, or as read from the local file) before it is sent and once it is stored; any
// failure stops the publication before index.json.
//
// index.json is copied as it was when the publication started. Every corte it lists that
// the destination's own index.json does not is uploaded too, so a destination added in the
// middle of the count catches up. A destination whose index.json lists a corte the local
// folder does not have, or has with another corte.json, is refused with ErrConflict: a
// published corte never changes.
//
// Every file is served with a Content-Type by its extension (text/csv; charset=utf-8,
// application/json, application/zip, image/jpeg, image/png, application/pdf) and a
// Cache-Control: "public, max-age=31536000, immutable" for the files of a corte and the
// images, which never change, and "no-cache" for index.json and the other files of
// imagenes/, which do.
//
// Publishing a corte again re-uploads its files (an image the destination holds with the
// same size is skipped) and is harmless. Files are written atomically: a folder destination
// writes each under a temporary name, flushes it to disk and renames it; an object store
// makes a PUT visible whole.
package destino
