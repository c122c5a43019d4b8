package main

// Fyne reads the locale while its packages are initialised, before main
// runs, and logs "Fyne error: Error parsing user locale C" three times
// on stderr when the locale is a C variant with a character set, such as
// C.UTF-8 (Debian's and many containers' default): the name has no
// language in it. Nothing Go can run comes before those initialisers, so
// this constructor, which the C runtime calls before the Go runtime
// starts, gives such a process LANGUAGE=en (what the locale means, and
// what the toolkit reads before it reads LANG) and starts it again with
// it. Processes in any other locale, or with LANGUAGE set, are left as
// they are; GNU gettext ignores LANGUAGE under a C locale, so the
// programs Readalong runs are not affected.

/*
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void readalong_language(int argc, char **argv, char **envp) __attribute__((constructor));

static void readalong_language(int argc, char **argv, char **envp) {
	(void)argc; (void)envp;
	const char *v = getenv("LANGUAGE");
	if (v != NULL && *v != 0) return;
	v = getenv("LC_ALL");
	if (v == NULL || *v == 0) v = getenv("LC_MESSAGES");
	if (v == NULL || *v == 0) v = getenv("LANG");
	if (v == NULL) return;
	if (strncmp(v, "C.", 2) != 0 && strncmp(v, "POSIX.", 6) != 0) return;
	if (setenv("LANGUAGE", "en", 1) != 0) return;
	execv("/proc/self/exe", argv);
	// The exec failed (no /proc): go on, with the toolkit's complaint.
}
*/
import "C"
