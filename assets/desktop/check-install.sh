#!/bin/sh
# check-install.sh (make check-install): installs Readalong into a
# temporary DESTDIR, for everyone and for one user, checks the files
# installed one by one, validates the desktop entry and the AppStream
# metainfo, and uninstalls, which must leave the folder as it found it.
set -eu

MAKE=${MAKE:-make}
ID=io.github.readalong
fail() { echo "check-install: $*" >&2; exit 1; }
for tool in desktop-file-validate appstreamcli; do
	command -v $tool >/dev/null || fail "$tool is missing: run make deps"
done

dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

# expected PREFIX: the files an install under PREFIX must leave, sorted.
expected() {
	{
		echo "$1/bin/readalong"
		echo "$1/share/applications/$ID.desktop"
		echo "$1/share/metainfo/$ID.metainfo.xml"
		echo "$1/share/readalong/installed-files"
		echo "$1/share/icons/hicolor/scalable/apps/$ID.svg"
		for n in 16 24 32 48 64 128 256 512; do
			echo "$1/share/icons/hicolor/${n}x$n/apps/$ID.png"
		done
	} | sort
}

for prefix in /usr/local /home/someone/.local; do
	# Another application's icon already there: uninstall must keep it
	# and its folder.
	other="$dest$prefix/share/icons/hicolor/48x48/apps/org.example.Other.png"
	mkdir -p "$(dirname "$other")"
	echo other >"$other"

	$MAKE -s install DESTDIR="$dest" PREFIX="$prefix" >/dev/null
	$MAKE -s install DESTDIR="$dest" PREFIX="$prefix" >/dev/null # again: the same files
	got=$(cd "$dest" && find . -type f | sed 's|^\.||' | grep -v org.example.Other | sort)
	want=$(expected "$prefix")
	if [ "$got" != "$want" ]; then
		printf 'installed:\n%s\nexpected:\n%s\n' "$got" "$want" >&2
		fail "make install DESTDIR=… PREFIX=$prefix installed other files than expected"
	fi
	[ "$(grep -c '^f ' "$dest$prefix/share/readalong/installed-files")" = 13 ] ||
		fail "the manifest does not list the 13 files: $(cat "$dest$prefix/share/readalong/installed-files")"
	[ -x "$dest$prefix/bin/readalong" ] || fail "$prefix/bin/readalong is not executable"
	"$dest$prefix/bin/readalong" --version | grep -q '^readalong ' || fail "the installed binary does not run"

	desktop-file-validate "$dest$prefix/share/applications/$ID.desktop" ||
		fail "desktop-file-validate found errors"
	grep -qx 'Exec=readalong %U' "$dest$prefix/share/applications/$ID.desktop" || fail "Exec is not readalong %U"
	out=$(appstreamcli validate --no-net "$dest$prefix/share/metainfo/$ID.metainfo.xml" 2>&1) ||
		{ echo "$out" >&2; fail "appstreamcli validate found errors"; }
	if [ "$prefix" = /usr/local ]; then
		echo "appstreamcli validate --no-net says:"
		echo "$out" | sed 's/^/  /'
	fi

	$MAKE -s uninstall DESTDIR="$dest" PREFIX="$prefix" >/dev/null
	[ -f "$other" ] || fail "make uninstall removed another application's icon"
	rm "$other"
	d=$(dirname "$other")
	while [ "$d" != "$dest" ] && rmdir "$d" 2>/dev/null; do d=$(dirname "$d"); done
	left=$(cd "$dest" && find . -mindepth 1)
	[ -z "$left" ] || { echo "$left" >&2; fail "make uninstall PREFIX=$prefix left files or folders behind"; }
	echo "check-install: PREFIX=$prefix: 13 files installed and validated, all removed"
done

# Uninstalling what is not installed says so and fails nothing.
$MAKE -s uninstall DESTDIR="$dest" PREFIX=/usr/local | grep -q 'not installed' || fail "uninstall of nothing said nothing"
