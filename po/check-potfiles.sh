#!/bin/sh
# Fails when a source file with translatable strings is missing from POTFILES.in, or when
# POTFILES.in names a file that does not exist.
set -eu
top=$1
cd "$top"
status=0
for f in $(grep -l -E '\b(_|N_|C_|NC_)\(|g_dngettext' app/*.c app/*/*.c 2>/dev/null) \
         $(grep -l 'translatable="yes"' ui/*.ui 2>/dev/null); do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "po/POTFILES.in lacks $f"
    status=1
  fi
done
for f in $(grep -v '^#' po/POTFILES.in | grep .); do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in names $f, which does not exist"
    status=1
  fi
done
exit $status
