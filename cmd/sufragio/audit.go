package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/sufragio/sufragio/internal/audit"
	"github.com/sufragio/sufragio/internal/store"
)

// runAudit verifies the chain of the audit trail, or exports it as CSV.
func runAudit(ctx context.Context, app *App, args []string) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "export") {
		return failf(nil, "use «sufragio audit verify» o «sufragio audit export [--out "+
			"ARCHIVO]»")
	}
	action, args := args[0], args[1:]
	fs := app.flags("audit "+action, "audit "+action+" [--data DIR]")
	out := fs.String("out", "", "`ARCHIVO` CSV donde exportar (predeterminado: la salida)")
	if err := app.parse(fs, args); err != nil {
		return err
	}
	st, err := app.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if action == "export" {
		return exportAudit(ctx, app, st, *out)
	}
	c, err := st.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if c.OK() {
		fmt.Fprintf(app.Out, "La bitácora de auditoría está íntegra: %d registros encadenados "+
			"sin alteraciones, inserciones ni eliminaciones.\n", c.Count)
		return nil
	}
	for _, p := range c.Problems {
		fmt.Fprintln(app.Out, p.String())
	}
	return failf(nil, "la bitácora de auditoría NO está íntegra: %d problemas en %d registros",
		len(c.Problems), c.Count)
}

func exportAudit(ctx context.Context, app *App, st *store.Store, path string) error {
	w := app.Out
	if path != "" {
		f, err := os.Create(path)
		if err != nil {
			return failf(err, "no se pudo crear %s", path)
		}
		defer f.Close()
		w = f
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"seq", "fecha_hora", "actor", "rol", "accion", "objetivo", "resultado",
		"antes", "despues", "detalle", "hash_anterior", "hash"})
	n := 0
	err := st.Audit(ctx, store.AuditFilter{}, func(e audit.Entry) error {
		n++
		return cw.Write([]string{strconv.FormatInt(e.Seq, 10),
			e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Role, e.Action, e.Target,
			e.Outcome, e.Before, e.After, e.Detail, e.PrevHash, e.Hash})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if err != nil {
		return err
	}
	if path != "" {
		fmt.Fprintf(app.Out, "Exportados %d registros a %s.\n", n, path)
	}
	return st.AuditEvent(ctx, cliActor(), audit.AuditExport, "auditoria",
		fmt.Sprintf("%d registros", n))
}
