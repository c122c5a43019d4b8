#!/bin/sh
# install.sh install|uninstall: puts Readalong where a desktop finds it
# (make install, make uninstall), and takes it away again.
#
# Environment:
#   PREFIX   where to install: $HOME/.local for one user, /usr/local for all
#   DESTDIR  a staging folder prefixed to every path (packaging, tests);
#            the desktop's caches are refreshed only when it is empty
#   BIN      the built binary
#   ICONS    the PNG icons in the hicolor layout (NxN/apps/NAME.png)
#
# Every file written and every folder created is listed in a manifest,
# $PREFIX/share/readalong/installed-files; uninstall removes exactly those
# (folders only when they are empty by then) and the manifest itself.
set -eu

ID=io.github.readalong
HERE=$(cd "$(dirname "$0")" && pwd)
: "${PREFIX:?PREFIX is not set}"
DESTDIR=${DESTDIR:-}
case $PREFIX in
/*) ;;
*) echo "install.sh: PREFIX must be an absolute path, not $PREFIX" >&2; exit 2 ;;
esac
bindir=$PREFIX/bin
datadir=$PREFIX/share
manifest=$datadir/readalong/installed-files

# created lists the folders (without DESTDIR) missing on the way to $1,
# deepest last.
created() {
	d=$1
	missing=""
	while [ ! -d "$DESTDIR$d" ]; do
		missing="$d
$missing"
		d=$(dirname "$d")
	done
	printf '%s' "$missing"
}

# put SRC DEST MODE: installs one file through a temporary name in its
# folder, recording the folders it created and the file.
put() {
	src=$1 dest=$2 mode=$3
	[ -f "$src" ] || { echo "install.sh: $src is missing (make build makes it)" >&2; exit 1; }
	dir=$(dirname "$dest")
	created "$dir" | while IFS= read -r d; do [ -n "$d" ] && echo "d $d"; done >>"$list"
	mkdir -p "$DESTDIR$dir"
	tmp="$DESTDIR$dir/.$(basename "$dest").new"
	cp "$src" "$tmp"
	chmod "$mode" "$tmp"
	mv -f "$tmp" "$DESTDIR$dest"
	echo "f $dest" >>"$list"
}

# refresh brings the desktop's caches up to date with what is installed
# under $datadir, with whichever tools this system has; nothing is
# refreshed when staging into DESTDIR.
refresh() {
	[ -z "$DESTDIR" ] || return 0
	if command -v update-desktop-database >/dev/null && [ -d "$datadir/applications" ]; then
		update-desktop-database -q "$datadir/applications" || true
	fi
	if command -v update-mime-database >/dev/null && [ -d "$datadir/mime/packages" ]; then
		update-mime-database "$datadir/mime" || true
	fi
	if [ -f "$datadir/icons/hicolor/index.theme" ]; then
		if command -v gtk-update-icon-cache >/dev/null; then
			gtk-update-icon-cache -q -t -f "$datadir/icons/hicolor" || true
		fi
	elif [ -d "$datadir/icons/hicolor" ]; then
		touch "$datadir/icons/hicolor" # icon themes without a cache look at the time
	fi
}

install_all() {
	: "${BIN:?BIN is not set}" "${ICONS:?ICONS is not set}"
	list=$(mktemp)
	trap 'rm -f "$list"' EXIT
	if [ -f "$DESTDIR$manifest" ]; then
		grep '^d ' "$DESTDIR$manifest" >>"$list" || true # installed before: its folders stay ours
	fi
	put "$BIN" "$bindir/readalong" 755
	put "$HERE/$ID.desktop" "$datadir/applications/$ID.desktop" 644
	put "$HERE/$ID.metainfo.xml" "$datadir/metainfo/$ID.metainfo.xml" 644
	put "$HERE/../icon.svg" "$datadir/icons/hicolor/scalable/apps/$ID.svg" 644
	found=0
	for png in "$ICONS"/*x*/apps/$ID.png; do
		[ -f "$png" ] || continue
		size=$(basename "$(dirname "$(dirname "$png")")")
		put "$png" "$datadir/icons/hicolor/$size/apps/$ID.png" 644
		found=$((found + 1))
	done
	[ "$found" -gt 0 ] || { echo "install.sh: no icons in $ICONS" >&2; exit 1; }
	created "$(dirname "$manifest")" | while IFS= read -r d; do [ -n "$d" ] && echo "d $d"; done >>"$list"
	mkdir -p "$DESTDIR$(dirname "$manifest")"
	echo "f $manifest" >>"$list"
	sort -u "$list" >"$DESTDIR$manifest.new"
	mv -f "$DESTDIR$manifest.new" "$DESTDIR$manifest"
	chmod 644 "$DESTDIR$manifest"
	refresh
	echo "Installed Readalong under $DESTDIR$PREFIX ($(grep -c '^f ' "$DESTDIR$manifest") files, listed in $manifest)."
	case ":$PATH:" in
	*":$bindir:"*) ;;
	*) [ -n "$DESTDIR" ] || echo "Note: $bindir is not on your PATH; the menu entry works all the same." ;;
	esac
}

uninstall_all() {
	if [ ! -f "$DESTDIR$manifest" ]; then
		echo "Readalong is not installed under $DESTDIR$PREFIX (no $DESTDIR$manifest)."
		return 0
	fi
	grep '^f ' "$DESTDIR$manifest" | cut -c3- | while IFS= read -r f; do
		[ "$f" = "$manifest" ] || rm -f "$DESTDIR$f"
	done
	n=$(grep -c '^f ' "$DESTDIR$manifest")
	dirs=$(grep '^d ' "$DESTDIR$manifest" | cut -c3- | awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2-)
	rm -f "$DESTDIR$manifest"
	refresh
	# Deepest first; a folder someone else put files in since stays. The
	# caches refresh wrote into a folder only Readalong used go with it.
	printf '%s\n' "$dirs" | while IFS= read -r d; do
		[ -n "$d" ] && [ -d "$DESTDIR$d" ] || continue
		for cache in mimeinfo.cache icon-theme.cache; do
			if [ "$(ls -A "$DESTDIR$d")" = "$cache" ]; then rm -f "$DESTDIR$d/$cache"; fi
		done
		rmdir "$DESTDIR$d" 2>/dev/null || true
	done
	echo "Removed Readalong from $DESTDIR$PREFIX ($n files)."
}

case ${1:-} in
install) install_all ;;
uninstall) uninstall_all ;;
*) echo "usage: install.sh install|uninstall" >&2; exit 2 ;;
esac
