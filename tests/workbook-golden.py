#!/usr/bin/env python3
# workbook-golden.py — compare the XML parts of a workbook with reviewed copies
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The libxlsxwriter way of testing a workbook (test/functional/base_test_class.py): every XML
# part of the .xlsx is compared, element by element, with the part of a workbook that was
# reviewed by eye and committed (tests/data/workbook-golden/, one file per part). Parts are
# put in canonical form (C14N 2.0, text stripped), one element per line, so that a difference
# names the element. What changes from run to run is masked first: the document's creation
# times, the README's generation time, Stroma version, trial file checksum and audit chain
# head (the fixture's audit rows hold the time they were written), and DM.RANDDT (the
# allocation time the store records when the demo runs).
#
# --update rewrites the golden parts from the workbook given; review the diff before
# committing it.

import argparse
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

MAIN = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
REL = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
PKG_REL = '{http://schemas.openxmlformats.org/package/2006/relationships}'

MASKED_README_ITEMS = {'Generated (UTC)', 'Stroma version', 'Trial file SHA-256',
                       'Audit chain head'}
MASKED_COLUMNS = {'DM': {'RANDDT'}}


def cell_text(c):
    t = c.find(MAIN + 'is/' + MAIN + 't')
    return t.text if t is not None else None


def column_of(ref):
    return re.match(r'[A-Z]+', ref).group(0)


def sheet_parts(z):
    """Sheet name → part name."""
    workbook = ET.fromstring(z.read('xl/workbook.xml'))
    rels = ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))
    targets = {r.get('Id'): r.get('Target') for r in rels.iter(PKG_REL + 'Relationship')}
    return {s.get('name'): 'xl/' + targets[s.get(REL + 'id')]
            for s in workbook.iter(MAIN + 'sheet')}


def masked_cells(xml, sheet):
    """The references of the cells whose values change from run to run."""
    root = ET.fromstring(xml)
    rows = list(root.iter(MAIN + 'row'))
    refs = set()
    if sheet == 'README':
        for row in rows:
            cells = row.findall(MAIN + 'c')
            if len(cells) == 2 and cell_text(cells[0]) in MASKED_README_ITEMS:
                refs.add(cells[1].get('r'))
    elif sheet in MASKED_COLUMNS and rows:
        columns = {column_of(c.get('r')) for c in rows[0].findall(MAIN + 'c')
                   if cell_text(c) in MASKED_COLUMNS[sheet]}
        for row in rows[1:]:
            for c in row.findall(MAIN + 'c'):
                if column_of(c.get('r')) in columns:
                    refs.add(c.get('r'))
    return refs


def normalise(name, xml, sheet):
    text = xml.decode('utf-8')
    if name == 'docProps/core.xml':
        text = re.sub(r'(<dcterms:(created|modified)[^>]*>)[^<]*', r'\1MASKED', text)
    if sheet is not None:
        for ref in masked_cells(xml, sheet):
            text = re.sub(r'<c r="%s"(?: [^>]*)?(?:/>|>.*?</c>)' % ref,
                          '<c r="%s" masked="1"/>' % ref, text, count=1)
    canonical = ET.canonicalize(text, strip_text=True)
    return canonical.replace('><', '>\n<') + '\n'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--workbook', required=True)
    ap.add_argument('--golden', required=True)
    ap.add_argument('--update', action='store_true')
    args = ap.parse_args()

    actual = {}
    with zipfile.ZipFile(args.workbook) as z:
        sheets = {part: name for name, part in sheet_parts(z).items()}
        for name in sorted(z.namelist()):
            actual[name] = normalise(name, z.read(name), sheets.get(name))

    if args.update:
        for name, text in actual.items():
            path = os.path.join(args.golden, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
        print('wrote %d parts to %s' % (len(actual), args.golden))
        return 0

    golden = {}
    for folder, _, files in os.walk(args.golden):
        for f in files:
            path = os.path.join(folder, f)
            with open(path, encoding='utf-8') as fh:
                golden[os.path.relpath(path, args.golden).replace(os.sep, '/')] = fh.read()

    problems = 0
    for name in sorted(set(golden) | set(actual)):
        if name not in actual:
            print('%s: missing from the workbook' % name, file=sys.stderr)
            problems += 1
            continue
        if name not in golden:
            print('%s: not in the golden workbook' % name, file=sys.stderr)
            problems += 1
            continue
        got = actual[name].splitlines()
        want = golden[name].splitlines()
        for i, (g, w) in enumerate(zip(got, want)):
            if g != w:
                print('%s element %d:\n  golden   %s\n  workbook %s' % (name, i + 1, w, g),
                      file=sys.stderr)
                problems += 1
                break
        else:
            if len(got) != len(want):
                print('%s: %d elements, golden %d' % (name, len(got), len(want)),
                      file=sys.stderr)
                problems += 1

    print('%d parts compared, %d differ' % (len(actual), problems))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
