#!/usr/bin/env python3
# workbook-deid.py — scan every XML part of a workbook for identifiers (RELIABILITY EX-1, EX-2)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Reads from the trial file, with sqlite3, what could identify someone: each subject's initials
# and birth date, and the names of the people who use Stroma; adds the exporting user and a
# name planted in the free-text fields. Then unzips the workbook and searches the text of every
# XML part (element text and attribute values, entities resolved): initials as whole tokens,
# birth dates as ISO text and as Excel date numbers, names as whole words.
#
# Initials are looked for only where they could be identifiers: a token that is also a word of
# the trial's vocabulary (the protocol's text, CDISC test codes, column and sheet names, e.g.
# "ATG" or "PT") is reported but not counted. The tests plant initials no vocabulary holds.
#
# sponsor profile: none of them may appear. site profile: the initials and the planted name
# must appear (they are what the profile adds); birth dates and user names still may not.
# With --formula-text, the cell holding that text must be a string, and no cell a formula.

import argparse
import datetime
import re
import sqlite3
import sys
import xml.etree.ElementTree as ET
import zipfile

EXCEL_EPOCH = datetime.date(1899, 12, 30)
MAIN = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'


def texts(element):
    for e in element.iter():
        if e.text:
            yield e.text
        if e.tail:
            yield e.tail
        yield from e.attrib.values()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--trial', required=True)
    ap.add_argument('--workbook', required=True)
    ap.add_argument('--profile', choices=('sponsor', 'site'), required=True)
    ap.add_argument('--user', action='append', default=[])
    ap.add_argument('--planted', action='append', default=[])
    ap.add_argument('--formula-text')
    args = ap.parse_args()

    db = sqlite3.connect('file:%s?mode=ro' % args.trial, uri=True)
    subjects = db.execute('SELECT code, initials, birth_date FROM subjects').fetchall()
    users = db.execute("SELECT username, display_name FROM users WHERE role <> 'system'").fetchall()

    protocol = db.execute('SELECT source_json FROM protocol_versions').fetchall()
    vocabulary = {t for (source,) in protocol for t in re.findall(r'[A-Za-z0-9]+', source)}
    vocabulary |= {'NEUT', 'HGB', 'PLAT', 'WBC', 'LYM', 'ALT', 'AST', 'BILI', 'CREAT', 'INR',
                   'PT', 'APTT', 'RBC', 'PLT', 'CM', 'DM', 'EX', 'PR', 'LB', 'AE', 'DS', 'Y',
                   'N', 'F', 'M', 'U'}
    every = {i for _, i, _ in subjects}
    common = sorted(every & vocabulary)
    initials = every - vocabulary
    births = {b for _, _, b in subjects if b}
    serials = {str((datetime.date.fromisoformat(b) - EXCEL_EPOCH).days) for b in births}
    names = set(args.user) | {u for u, _ in users} | {d for _, d in users}
    names = {n for n in names if n}
    planted = set(args.planted)

    found = {}
    numbers = set()
    formulas = []
    formula_cells = []
    with zipfile.ZipFile(args.workbook) as z:
        parts = [n for n in z.namelist() if n.endswith('.xml') or n.endswith('.rels')]
        if len(parts) != len(z.namelist()):
            print('parts that are not XML: %s' % sorted(set(z.namelist()) - set(parts)),
                  file=sys.stderr)
            return 1
        for part in parts:
            root = ET.fromstring(z.read(part))
            text = '\n'.join(texts(root))
            for token in set(re.findall(r'[A-Za-z0-9]+', text)):
                if token in initials:
                    found.setdefault(('initials', token), set()).add(part)
            for value in births | names | planted:
                if re.search(r'(?<![A-Za-z0-9])%s(?![A-Za-z0-9])' % re.escape(value), text):
                    found.setdefault(('text', value), set()).add(part)
            for v in root.iter(MAIN + 'v'):
                if v.text in serials:
                    found.setdefault(('birth date as a number', v.text), set()).add(part)
                numbers.add(v.text)
            for c in root.iter(MAIN + 'c'):
                if c.find(MAIN + 'f') is not None:
                    formulas.append('%s %s' % (part, c.get('r')))
                t = c.find(MAIN + 'is/' + MAIN + 't')
                if args.formula_text is not None and t is not None and \
                   t.text == args.formula_text:
                    formula_cells.append((part, c.get('r'), c.get('t')))

    problems = []
    allowed = initials | planted if args.profile == 'site' else set()
    for (kind, value), where in sorted(found.items()):
        if value not in allowed:
            problems.append('%s %r found in %s' % (kind, value, ', '.join(sorted(where))))
    if args.profile == 'site':
        for value in sorted(initials):
            if ('initials', value) not in found:
                problems.append('site profile: the initials %r are missing' % value)
        for value in sorted(planted):
            if ('text', value) not in found:
                problems.append('site profile: the free text with %r is missing' % value)
    if formulas:
        problems.append('formulas in cells: %s' % ', '.join(formulas[:10]))
    if args.formula_text is not None:
        if not formula_cells:
            problems.append('no cell holds %r as text' % args.formula_text)
        for part, ref, kind in formula_cells:
            if kind != 'inlineStr':
                problems.append('%s %s holds %r as %s' % (part, ref, args.formula_text, kind))

    # The document properties name no one.
    with zipfile.ZipFile(args.workbook) as z:
        core = ET.fromstring(z.read('docProps/core.xml'))
        for e in core:
            tag = e.tag.split('}')[1]
            if tag in ('creator', 'lastModifiedBy', 'manager') and (e.text or '').strip():
                problems.append('docProps/core.xml %s is %r' % (tag, e.text))

    for p in problems:
        print(p, file=sys.stderr)
    print('%d parts scanned for %d initials, %d birth dates, %d names; %d problems'
          % (len(parts), len(initials), len(births), len(names | planted), len(problems)))
    if common:
        print('initials that are also words of the trial, not counted: %s' % ', '.join(common))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
