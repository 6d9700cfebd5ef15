#!/usr/bin/env python3
# workbook-readback.py — read a Stroma workbook back with openpyxl and compare every cell
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# An independent reader: openpyxl opens the workbook, and every cell of every sheet is compared
# with what workbook_model.py reads from the trial file with sqlite3 (and, for ENDPOINTS and
# SUMMARY, with `stroma endpoints` and `stroma stats` as JSON). Also checks the README, that
# the DICTIONARY describes every column with the type its cells have, the header format, and
# that no sheet is longer than the row limit. Exits 1 naming the first differences.

import argparse
import datetime
import json
import math
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import workbook_model as model  # noqa: E402

try:
    import openpyxl
except ImportError:
    sys.exit('workbook-readback: python3-openpyxl is needed (Debian: python3-openpyxl)')

EXCEL_MAX_ROWS = 1048576


class Differences:
    def __init__(self):
        self.items = []

    def add(self, where, message):
        self.items.append('%s: %s' % (where, message))

    def report(self):
        for item in self.items[:40]:
            print(item, file=sys.stderr)
        if len(self.items) > 40:
            print('… and %d more' % (len(self.items) - 40), file=sys.stderr)
        return 1 if self.items else 0


def same(expected, actual, kind):
    if expected is None or expected == '':
        return actual is None
    if kind == 'text':
        return isinstance(actual, str) and actual == expected
    if kind in ('number', 'integer'):
        if isinstance(actual, bool) or not isinstance(actual, (int, float)):
            return False
        if kind == 'integer' and actual != int(actual):
            return False
        return math.isclose(float(expected), float(actual), rel_tol=1e-14, abs_tol=1e-300)
    if kind in ('date', 'datetime'):
        if not isinstance(actual, datetime.datetime):
            return False
        return abs((actual - expected).total_seconds()) < 0.001
    raise ValueError(kind)


def families(names):
    """Sheet names grouped by family, checking the order and the continuations."""
    groups = {}
    order = []
    for name in names:
        m = re.fullmatch(r'([A-Z]+)(?:_(\d+))?', name)
        if m is None:
            raise SystemExit('unexpected sheet %r' % name)
        family, number = m.group(1), int(m.group(2) or 1)
        if family not in groups:
            groups[family] = []
            order.append(family)
        if number != len(groups[family]) + 1:
            raise SystemExit('sheet %s is out of order' % name)
        groups[family].append(name)
    expected = ['README'] + model.DATA_SHEETS + ['SUMMARY', 'DICTIONARY']
    if order != expected:
        raise SystemExit('sheets %s, expected %s' % (order, expected))
    return groups


def stroma_json(stroma, command, trial, data_cut):
    out = subprocess.run([stroma, command, '--format', 'json', '--data-cut', data_cut, trial],
                         check=True, capture_output=True, text=True,
                         env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C')).stdout
    return json.loads(out)


def check_format(path, groups, diffs):
    """Header row bold and frozen, autofilter over every row, widths set, dates as dates."""
    wb = openpyxl.load_workbook(path)
    for family, names in groups.items():
        for name in names:
            ws = wb[name]
            where = name
            if ws.freeze_panes != 'A2':
                diffs.add(where, 'header row not frozen (%s)' % ws.freeze_panes)
            last_col = openpyxl.utils.get_column_letter(ws.max_column)
            ref = 'A1:%s%d' % (last_col, ws.max_row)
            if ws.auto_filter.ref != ref:
                diffs.add(where, 'autofilter %s, expected %s' % (ws.auto_filter.ref, ref))
            for cell in ws[1]:
                if not cell.font.b:
                    diffs.add(where, 'header %s not bold' % cell.coordinate)
            for c in range(1, ws.max_column + 1):
                letter = openpyxl.utils.get_column_letter(c)
                if ws.column_dimensions[letter].width in (None, 0):
                    diffs.add(where, 'column %s has no width' % letter)
            for row in ws.iter_rows(min_row=2):
                for cell in row:
                    if isinstance(cell.value, datetime.datetime) and \
                       not cell.number_format.startswith('yyyy-mm-dd'):
                        diffs.add(where, '%s is a date formatted %s' % (cell.coordinate,
                                                                       cell.number_format))
                    if cell.data_type == 'f':
                        diffs.add(where, '%s is a formula' % cell.coordinate)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--trial', required=True)
    ap.add_argument('--workbook', required=True)
    ap.add_argument('--stroma', required=True)
    ap.add_argument('--data-cut', required=True)
    ap.add_argument('--profile', default='sponsor')
    ap.add_argument('--row-limit', type=int, default=EXCEL_MAX_ROWS)
    ap.add_argument('--trial-sha256')
    ap.add_argument('--format', action='store_true', help='check the cell formats too')
    args = ap.parse_args()

    trial = model.Trial(args.trial, args.data_cut, args.profile)
    endpoints = stroma_json(args.stroma, 'endpoints', args.trial, args.data_cut)
    stats = stroma_json(args.stroma, 'stats', args.trial, args.data_cut)
    diffs = Differences()

    wb = openpyxl.load_workbook(args.workbook, read_only=True)
    groups = families(wb.sheetnames)
    counts = {}

    def read_family(family):
        header = [name for name, _ in model.columns(family, args.profile)]
        rows = []
        for name in groups[family]:
            sheet_rows = list(wb[name].iter_rows(values_only=True))
            if len(sheet_rows) > args.row_limit:
                diffs.add(name, '%d rows, more than the limit %d' % (len(sheet_rows),
                                                                     args.row_limit))
            if not sheet_rows or list(sheet_rows[0]) != header:
                diffs.add(name, 'header %s, expected %s' % (sheet_rows[:1], header))
                continue
            counts[name] = len(sheet_rows) - 1
            rows.extend(sheet_rows[1:])
        return rows

    for family in model.DATA_SHEETS + ['SUMMARY']:
        kinds = model.columns(family, args.profile)
        actual = read_family(family)
        expected = list(trial.sheet(family, endpoints, stats))
        if len(actual) != len(expected):
            diffs.add(family, '%d rows, the trial file gives %d' % (len(actual), len(expected)))
        for i, (e, a) in enumerate(zip(expected, actual)):
            a = list(a) + [None] * (len(kinds) - len(a))
            for (name, kind), ev, av in zip(kinds, e, a):
                if not same(ev, av, kind):
                    diffs.add('%s row %d %s' % (family, i + 2, name),
                              'workbook %r, trial file %r' % (av, ev))

    # README
    readme = {}
    for row in read_family('README'):
        readme[row[0]] = row[1]
    audit_rows = int(readme.get('Audit trail', '0').split()[0])
    head = trial.db.execute('SELECT hash FROM audit_log WHERE id = ?', (audit_rows,)).fetchone()
    expected_readme = {
        'Trial': trial.title,
        'Protocol': trial.protocol_id,
        'Protocol version': trial.protocol['version'],
        'Data cut': model.as_datetime(args.data_cut),
        'Profile': args.profile,
        'Subjects': len(trial.subjects),
        'Audit chain head': head[0] if head else None,
        'Synthetic trial': 'yes: every subject was generated, none is a patient'
                           if trial.synthetic else 'no',
    }
    for name, n in counts.items():
        if name not in ('README',):
            expected_readme['Rows in %s' % name] = n
    continued = [n for names in groups.values() for n in names[1:]]
    expected_readme['Continued sheets'] = ', '.join(continued) if continued else 'none'
    if args.trial_sha256:
        expected_readme['Trial file SHA-256'] = args.trial_sha256
    for item, value in expected_readme.items():
        if readme.get(item) != value:
            diffs.add('README %s' % item, 'workbook %r, expected %r' % (readme.get(item), value))
    generated = readme.get('Generated (UTC)')
    now = datetime.datetime.utcnow()
    if not isinstance(generated, datetime.datetime) or \
       abs((now - generated).total_seconds()) > 24 * 3600:
        diffs.add('README Generated (UTC)', repr(generated))
    if not re.fullmatch(r'[0-9a-f]{64}', readme.get('Trial file SHA-256') or ''):
        diffs.add('README Trial file SHA-256', repr(readme.get('Trial file SHA-256')))
    if str(args.row_limit) not in (readme.get('Sheet continuation') or ''):
        diffs.add('README Sheet continuation', 'does not state the limit %d' % args.row_limit)
    if not readme.get('De-identification'):
        diffs.add('README', 'no de-identification statement')

    # DICTIONARY: every column of every sheet, in order, with the type its cells have
    dictionary = read_family('DICTIONARY')
    described = [(r[0], r[1], r[3]) for r in dictionary]
    expected_dict = [(name, column, kind) for family, names in groups.items() for name in names
                     for column, kind in model.columns(family, args.profile)]
    if described != expected_dict:
        for e, a in zip(expected_dict, described):
            if e != a:
                diffs.add('DICTIONARY', 'row %r, expected %r' % (a, e))
                break
        if len(described) != len(expected_dict):
            diffs.add('DICTIONARY', '%d rows, expected %d' % (len(described),
                                                              len(expected_dict)))
    for r in dictionary:
        if not r[2]:
            diffs.add('DICTIONARY %s.%s' % (r[0], r[1]), 'no label')

    wb.close()
    if args.format:
        check_format(args.workbook, groups, diffs)

    return diffs.report()


if __name__ == '__main__':
    sys.exit(main())
