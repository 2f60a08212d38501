//go:build !linux

package destino

import (
	"os/exec"
	"syscall"
)

func grupoProceso() *syscall.SysProcAttr { return nil }

// terminar stops weed: elsewhere than on Linux it is only killed.
func terminar(c *exec.Cmd, _ bool) { c.Process.Kill() }
