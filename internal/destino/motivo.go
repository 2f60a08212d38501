package destino

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"net/url"
	"syscall"

	"github.com/minio/minio-go/v7"
)

// Motivo says in Spanish, in a few words for the operator, why a destination could not be
// opened or a corte copied to it. The whole error, in English, is for the log.
func Motivo(err error) string {
	if err == nil {
		return ""
	}
	if m, ok := motivoS3(err); ok {
		return m
	}
	var op *net.OpError
	var dns *net.DNSError
	var ue *url.Error
	switch {
	case errors.Is(err, ErrConflict):
		return "el destino tiene un corte que la carpeta de cortes no tiene, o que tiene con " +
			"otro corte.json"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "se interrumpió antes de terminar"
	case errors.Is(err, syscall.ENOTDIR):
		return "una parte de la ruta no es una carpeta"
	case errors.Is(err, syscall.EISDIR):
		return "donde va un archivo hay una carpeta"
	case errors.Is(err, syscall.ENOSPC):
		return "no queda espacio en el disco"
	case errors.Is(err, syscall.EROFS):
		return "el disco solo admite lectura"
	case errors.Is(err, fs.ErrPermission):
		return "sin permiso"
	case errors.Is(err, fs.ErrNotExist):
		return "falta un archivo o una carpeta"
	case errors.Is(err, fs.ErrExist):
		return "ya hay un archivo, o un enlace roto, con ese nombre"
	case errors.As(err, &op), errors.As(err, &dns), errors.As(err, &ue):
		return "no se pudo conectar con el servicio"
	}
	return "error de lectura o escritura (detalle en el registro)"
}

// motivoS3 describes the answers of an S3 service that an operator can act on.
func motivoS3(err error) (string, bool) {
	var r minio.ErrorResponse
	if !errors.As(err, &r) || r.Code == "" {
		return "", false
	}
	switch r.Code {
	case "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch":
		return "el servicio negó el acceso: revise AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY", true
	case minio.NoSuchBucket:
		return "el bucket ya no existe", true
	case minio.NoSuchKey:
		return "", false // a missing object: described as any missing file
	}
	return "el servicio respondió " + r.Code, true
}
