package destino

import (
	"os/exec"
	"syscall"
)

// grupoProceso puts weed in a process group of its own, so that it and its children stop
// together, and has the kernel kill it if the test binary dies first.
func grupoProceso() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// terminar signals weed's process group: SIGTERM, or SIGKILL when matar.
func terminar(c *exec.Cmd, matar bool) {
	sig := syscall.SIGTERM
	if matar {
		sig = syscall.SIGKILL
	}
	syscall.Kill(-c.Process.Pid, sig)
}
