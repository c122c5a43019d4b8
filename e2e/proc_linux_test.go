package e2e

import "syscall"

// childAttr makes a child process die with the test process, so that
// nothing the harness started outlives a test binary that is killed (by
// go test's -timeout, say) before its clean-ups run.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
