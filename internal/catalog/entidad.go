package catalog

import "fmt"

// abreviaturas are the abbreviations of the 32 entidades by their two-digit id (INEGI / INE
// catalog, RE Anexo 18.10), as OPLEs use them in the names of their open-data files.
var abreviaturas = map[string]string{
	"01": "AGS", "02": "BC", "03": "BCS", "04": "CAMP", "05": "COAH", "06": "COL",
	"07": "CHIS", "08": "CHIH", "09": "CDMX", "10": "DGO", "11": "GTO", "12": "GRO",
	"13": "HGO", "14": "JAL", "15": "MEX", "16": "MICH", "17": "MOR", "18": "NAY",
	"19": "NL", "20": "OAX", "21": "PUE", "22": "QRO", "23": "QROO", "24": "SLP",
	"25": "SIN", "26": "SON", "27": "TAB", "28": "TAMPS", "29": "TLAX", "30": "VER",
	"31": "YUC", "32": "ZAC",
}

// AbreviaturaEntidad returns the file-name abbreviation of an entidad by id ("21" → "PUE"),
// or "ENT" and the id for an id outside the catalog.
func AbreviaturaEntidad(id string) string {
	if a, ok := abreviaturas[id]; ok {
		return a
	}
	return fmt.Sprintf("ENT%s", id)
}

// EntidadValida reports whether id is the two-digit id of one of the 32 entidades.
func EntidadValida(id string) bool {
	_, ok := abreviaturas[id]
	return ok
}
