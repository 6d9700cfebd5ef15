#!/usr/bin/env python3
# bench-export.py — the sponsor workbook written with Python XlsxWriter, for comparison
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench-export.py TRIAL OUT.xlsx --data-cut DATE --endpoints E.json --stats S.json
#        bench-export.py TRIAL --dump CELLS --data-cut DATE --endpoints E.json --stats S.json
#
# Writes the cells of Stroma's workbook with Python XlsxWriter (constant memory, the same
# formats), reading the trial file with sqlite3 through tests/workbook_model.py, the model the
# read-back test holds the workbook to. ENDPOINTS and SUMMARY come from `stroma endpoints` and
# `stroma stats` as JSON, made beforehand: the derivations are Stroma's, the writing is timed.
# DICTIONARY holds one row per column, without labels.
#
# With --dump, writes the same cells to a text file for bench-export (the bare libxlsxwriter
# program) instead: one sheet header line "S<TAB>name", then one line per row, each cell
# typed by its first character (s text, n number, d date, t date and time, both as Excel
# serial numbers, p percent, v p value, e scientific, empty for a blank cell).

import argparse
import datetime
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests'))
import workbook_model as model  # noqa: E402

EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
PERCENT_COLUMNS = {'ESTIMATE', 'LOWER', 'UPPER', 'EXACTLO', 'EXACTHI'}


def serial(value):
    return (value - EXCEL_EPOCH).total_seconds() / 86400.0


def sheets(trial, endpoints, stats, trial_path):
    """(name, columns, rows) for every sheet, in workbook order; rows are generators."""
    counts = {}

    def counted(name, rows):
        counts[name] = 0
        for row in rows:
            counts[name] += 1
            yield row

    for name in model.DATA_SHEETS + ['SUMMARY']:
        yield name, model.columns(name, trial.profile), counted(name, trial.sheet(name, endpoints,
                                                                                  stats))

    dictionary = [[sheet, column, None, kind, None, None]
                  for sheet in ['README'] + model.DATA_SHEETS + ['SUMMARY', 'DICTIONARY']
                  for column, kind in model.columns(sheet, trial.profile)]
    yield 'DICTIONARY', model.columns('DICTIONARY', trial.profile), iter(dictionary)

    sha = hashlib.sha256()
    with open(trial_path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            sha.update(block)
    head, rows = trial.db.execute('SELECT hash, id FROM audit_log ORDER BY id DESC '
                                  'LIMIT 1').fetchone()
    readme = [['Workbook', 'Stroma sponsor workbook'], ['Trial', trial.title],
              ['Protocol', trial.protocol_id], ['Protocol version', trial.protocol['version']],
              ['Data cut', model.as_datetime(trial.cut)],
              ['Generated (UTC)', datetime.datetime.utcnow().replace(microsecond=0)],
              ['Profile', trial.profile], ['Subjects', len(trial.subjects)]]
    readme += [['Rows in %s' % name, n] for name, n in counts.items()]
    readme += [['Audit trail', '%d rows' % rows], ['Audit chain head', head],
               ['Trial file SHA-256', sha.hexdigest()]]
    yield 'README', model.columns('README', trial.profile), iter(readme)


def write_xlsx(path, parts):
    import xlsxwriter

    wb = xlsxwriter.Workbook(path, {'constant_memory': True})
    header = wb.add_format({'bold': True})
    date = wb.add_format({'num_format': 'yyyy-mm-dd'})
    stamp = wb.add_format({'num_format': 'yyyy-mm-dd hh:mm:ss'})
    percent = wb.add_format({'num_format': '0.0%'})
    pvalue = wb.add_format({'num_format': '0.0000'})
    # The README comes first in the workbook but is known last: add the sheets in order first.
    order = ['README'] + model.DATA_SHEETS + ['SUMMARY', 'DICTIONARY']
    ws = {name: wb.add_worksheet(name) for name in order}
    for name, columns, rows in parts:
        sheet = ws[name]
        for c, (column, _) in enumerate(columns):
            sheet.set_column(c, c, 12)
            sheet.write_string(0, c, column, header)
        sheet.freeze_panes(1, 0)
        r = 0
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row):
                if value is None:
                    continue
                column = columns[c][0]
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif isinstance(value, datetime.datetime):
                    sheet.write_datetime(r, c, value, stamp if value.time() != datetime.time()
                                         else date)
                elif column in PERCENT_COLUMNS:
                    sheet.write_number(r, c, value, percent)
                elif column == 'PVALUE':
                    sheet.write_number(r, c, value, pvalue)
                else:
                    sheet.write_number(r, c, value)
        sheet.autofilter(0, 0, r, len(columns) - 1)
    wb.close()


def escape(text):
    return text.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')


def write_dump(path, parts):
    with open(path, 'w', encoding='utf-8') as out:
        for name, columns, rows in parts:
            out.write('S\t%s\n' % name)
            out.write('\t'.join('s' + escape(c) for c, _ in columns) + '\n')
            for row in rows:
                cells = []
                for (column, _), value in zip(columns, row):
                    if value is None:
                        cells.append('')
                    elif isinstance(value, str):
                        cells.append('s' + escape(value))
                    elif isinstance(value, datetime.datetime):
                        kind = 't' if value.time() != datetime.time() else 'd'
                        cells.append('%s%r' % (kind, serial(value)))
                    elif column in PERCENT_COLUMNS:
                        cells.append('p%r' % float(value))
                    elif column == 'PVALUE':
                        cells.append('v%r' % float(value))
                    elif column == 'EXTOTAL':
                        cells.append('e%r' % float(value))
                    else:
                        cells.append('n%r' % float(value))
                out.write('\t'.join(cells) + '\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('trial')
    ap.add_argument('out', nargs='?')
    ap.add_argument('--dump')
    ap.add_argument('--data-cut', required=True)
    ap.add_argument('--endpoints', required=True)
    ap.add_argument('--stats', required=True)
    args = ap.parse_args()

    trial = model.Trial(args.trial, args.data_cut)
    with open(args.endpoints) as f:
        endpoints = json.load(f)
    with open(args.stats) as f:
        stats = json.load(f)
    parts = sheets(trial, endpoints, stats, args.trial)
    if args.dump:
        write_dump(args.dump, parts)
    else:
        write_xlsx(args.out, parts)


if __name__ == '__main__':
    main()
