package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/sufragio/sufragio/internal/auth"
	"github.com/sufragio/sufragio/internal/store"
)

// runUser administers the staff from the command line: the first administrador is
// created here, and a locked-out one can be reset here.
func runUser(ctx context.Context, app *App, args []string) error {
	usage := "user add|list|disable|enable|reset [--data DIR] …"
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return failf(nil, "falta la acción: %s; vea «sufragio user ACCIÓN -h»", usage)
	}
	action, args := args[0], args[1:]
	fs := app.flags("user "+action, "user "+action+" [--data DIR] …")
	var nombre, rol, catd, consejo *string
	switch action {
	case "add":
		fs.Usage = func() {
			fmt.Fprintln(app.Err, "Uso: sufragio user add [--data DIR] --nombre 'NOMBRE' "+
				"--rol ROL [--catd CLAVE] [--consejo D-001|M-114] USUARIO\n\nRoles: "+rolesText()+"\n\nOpciones:")
			printOptions(app.Err, fs)
		}
		nombre = fs.String("nombre", "", "nombre completo de la persona")
		rol = fs.String("rol", "", "`ROL` del usuario: "+rolesText())
		catd = fs.String("catd", "", "`CLAVE` del CATD al que pertenece (vacío: todos)")
		consejo = fs.String("consejo", "", "`CONSEJO` de una secretaría o consejería en los "+
			"cómputos: D-001 (distrital), M-114 (municipal); vacío: el Consejo General")
	case "list", "disable", "enable", "reset":
	default:
		return failf(nil, "acción desconocida %q: %s", action, usage)
	}
	if err := app.parse(fs, args); err != nil {
		return err
	}
	for _, v := range append(fs.Args(), deref(nombre), deref(rol), deref(catd),
		deref(consejo)) {
		if !store.TextoValido(v) {
			return failf(nil, "%s tiene caracteres no válidos (un byte nulo o bytes que no "+
				"son UTF-8)", store.Legible(v))
		}
	}
	st, err := app.openExisting(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if action == "list" {
		return listUsers(ctx, app, st)
	}
	if fs.NArg() != 1 {
		return failf(nil, "indique un usuario: sufragio user %s USUARIO", action)
	}
	name := fs.Arg(0)
	actor := cliActor()
	switch action {
	case "add":
		if *rol == "" || !auth.Role(*rol).Valid() {
			return failf(nil, "indique el rol con --rol, uno de: %s", rolesText())
		}
		temp := auth.GeneratePassword()
		_, err = st.AddUser(ctx, actor, store.NewUser{Username: name, Nombre: *nombre,
			Role: auth.Role(*rol), CATD: *catd, Consejo: strings.ToUpper(*consejo),
			Password: temp})
		if err == nil {
			fmt.Fprintf(app.Out, "Usuario %s creado. Contraseña temporal: %s\nDebe "+
				"cambiarla al iniciar sesión.\n", strings.ToLower(name), temp)
		}
	case "disable":
		if err = st.DisableUser(ctx, actor, name); err == nil {
			fmt.Fprintf(app.Out, "Usuario %s deshabilitado; sus sesiones se cerraron.\n", name)
		}
	case "enable":
		if err = st.EnableUser(ctx, actor, name); err == nil {
			fmt.Fprintf(app.Out, "Usuario %s habilitado.\n", name)
		}
	case "reset":
		temp := auth.GeneratePassword()
		if err = st.ResetPassword(ctx, actor, name, temp); err == nil {
			fmt.Fprintf(app.Out, "Contraseña de %s restablecida. Contraseña temporal: %s\n",
				name, temp)
		}
	}
	return err
}

func rolesText() string {
	names := make([]string, len(auth.Roles))
	for i, r := range auth.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

func listUsers(ctx context.Context, app *App, st *store.Store) error {
	us, err := st.Users(ctx)
	if err != nil {
		return err
	}
	if len(us) == 0 {
		fmt.Fprintln(app.Out, "No hay usuarios. Cree el primer administrador con «sufragio "+
			"user add --rol administrador --nombre 'NOMBRE' USUARIO».")
		return nil
	}
	tw := tabwriter.NewWriter(app.Out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USUARIO\tNOMBRE\tROL\tCATD\tCONSEJO\tESTADO")
	for _, u := range us {
		estado := "activo"
		switch {
		case u.Disabled:
			estado = "deshabilitado"
		case u.MustChange:
			estado = "contraseña temporal"
		}
		consejo := "—"
		if u.Role == auth.Secretario || u.Role == auth.Consejero {
			consejo = orText(u.Consejo, "Consejo General")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Username, u.Nombre, u.Role.Nombre(),
			orText(u.CATD, "todos"), consejo, estado)
	}
	return tw.Flush()
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// deref is the value of an option that may not exist for the action ("" then).
func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
