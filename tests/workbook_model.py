# workbook_model.py — what Stroma's workbook must hold, read from the trial file alone
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# An independent statement of the sponsor workbook (app/io/stroma-workbook.c): the same sheets,
# columns and rules, computed with Python's sqlite3 from the trial file, and with the CTCAE
# v5.0 lab grades worked out here from the criteria (DOMAIN §1.2). The derived sheets come
# from Stroma's own command line (`stroma endpoints` and `stroma stats`, JSON), which the
# window and the workbook share. workbook-readback.py compares a workbook with this;
# bench/bench-export.py writes these cells with Python XlsxWriter.

import datetime
import json
import math
import sqlite3

SPONSOR = 'sponsor'
SITE = 'site'

# (name, type, site_only) per sheet, in workbook order; types: text number integer date datetime
COLUMNS = {
    'README': [('ITEM', 'text', False), ('VALUE', 'text', False)],
    'DM': [('STUDYID', 'text', False), ('DOMAIN', 'text', False), ('USUBJID', 'text', False),
           ('SUBJID', 'text', False), ('SUBJINIT', 'text', True), ('SEX', 'text', False),
           ('AGE', 'integer', False), ('AGEU', 'text', False), ('HEIGHT', 'number', False),
           ('WEIGHT', 'number', False), ('KPS', 'integer', False), ('ECOG', 'integer', False),
           ('STRATUM', 'text', False), ('ARMCD', 'text', False), ('ARM', 'text', False),
           ('RANDDT', 'date', False), ('RFICDT', 'date', False), ('SCRNDT', 'date', False),
           ('PGFDT', 'date', False), ('RFSTDT', 'date', False), ('DOSELVL', 'integer', False),
           ('HCTDT', 'date', False), ('GRAFTSRC', 'text', False), ('CD34', 'number', False),
           ('MNC', 'number', False), ('ABOMATCH', 'text', False), ('HLAMATCH', 'text', False),
           ('SYNTHFL', 'text', False), ('DIAG', 'text', True)],
    'EX': [('STUDYID', 'text', False), ('DOMAIN', 'text', False), ('USUBJID', 'text', False),
           ('EXSEQ', 'integer', False), ('EXTRT', 'text', False), ('EXNUM', 'integer', False),
           ('EXSTATUS', 'text', False), ('EXPLDT', 'date', False),
           ('EXSTDTM', 'datetime', False), ('EXSTDY', 'integer', False),
           ('EXDOSE', 'number', False), ('EXDOSU', 'text', False), ('EXTOTAL', 'number', False),
           ('EXWT', 'number', False), ('EXLOT', 'text', False), ('EXBAG', 'text', False),
           ('EXREASON', 'text', True), ('EXVITPRE', 'text', True), ('EXVITPST', 'text', True)],
    'CM': [('STUDYID', 'text', False), ('DOMAIN', 'text', False), ('USUBJID', 'text', False),
           ('CMSEQ', 'integer', False), ('CMCAT', 'text', False), ('CMSCAT', 'text', False),
           ('CMTRT', 'text', False), ('CMDOSNUM', 'integer', False),
           ('CMSTATUS', 'text', False), ('CMDOSE', 'number', False), ('CMDOSU', 'text', False),
           ('CMPLDOSE', 'number', False), ('CMBASIS', 'text', False), ('CMBSA', 'number', False),
           ('CMBSAMTH', 'text', False), ('CMWT', 'number', False), ('CMLEVEL', 'integer', False),
           ('CMSTDT', 'date', False), ('CMGIVDTM', 'datetime', False), ('CMENDT', 'date', False),
           ('CMSTDY', 'integer', False), ('CMENDY', 'integer', False),
           ('CMINDC', 'text', True), ('CMDEVRS', 'text', True)],
    'PR': [('STUDYID', 'text', False), ('DOMAIN', 'text', False), ('USUBJID', 'text', False),
           ('PRSEQ', 'integer', False), ('PRCAT', 'text', False), ('PRTRT', 'text', False),
           ('PRDOSE', 'number', False), ('PRDOSU', 'text', False), ('PRSTDT', 'date', False),
           ('PRSTDY', 'integer', False)],
    'LB': [('STUDYID', 'text', False), ('DOMAIN', 'text', False), ('USUBJID', 'text', False),
           ('LBSEQ', 'integer', False), ('LBTESTCD', 'text', False), ('LBTEST', 'text', False),
           ('LBORRES', 'text', False), ('LBORRESU', 'text', False),
           ('LBSTRESN', 'number', False), ('LBSTRESU', 'text', False),
           ('LBSTNRLO', 'number', False), ('LBSTNRHI', 'number', False),
           ('LBDT', 'date', False), ('LBDY', 'integer', False), ('LBTOXGR', 'integer', False),
           ('LBTOX', 'text', False), ('LBTOXVER', 'text', False)],
    'AE': [('STUDYID', 'text', False), ('DOMAIN', 'text', False), ('USUBJID', 'text', False),
           ('AESEQ', 'integer', False), ('AETERM', 'text', False), ('AETOXGR', 'integer', False),
           ('AETOXVER', 'text', False), ('AESER', 'text', False), ('AEREL', 'text', False),
           ('AEDLT', 'text', False), ('AESTDT', 'date', False), ('AEENDT', 'date', False),
           ('AESTDY', 'integer', False), ('AEENDY', 'integer', False), ('AEOUT', 'text', False),
           ('AEACN', 'text', True)],
    'DS': [('STUDYID', 'text', False), ('DOMAIN', 'text', False), ('USUBJID', 'text', False),
           ('DSSEQ', 'integer', False), ('DSCAT', 'text', False), ('DSDECOD', 'text', False),
           ('DSSTDT', 'date', False), ('DSSTDY', 'integer', False), ('DSTERM', 'text', True)],
    'ENDPOINTS': [('STUDYID', 'text', False), ('USUBJID', 'text', False),
                  ('ARMCD', 'text', False), ('PARAMCD', 'text', False), ('PARAM', 'text', False),
                  ('DEFN', 'text', False), ('EPGROUP', 'text', False), ('EPCAT', 'text', False),
                  ('STATE', 'text', False), ('EVNTDT', 'date', False),
                  ('DAY0DY', 'integer', False), ('TRTDY', 'integer', False),
                  ('EVIDENCE', 'text', False), ('EXPLAIN', 'text', False)],
    'SUMMARY': [('MEASURE', 'text', False), ('LABEL', 'text', False), ('DEFN', 'text', False),
                ('ARMCD', 'text', False), ('ARM', 'text', False), ('N', 'integer', False),
                ('MET', 'integer', False), ('EVAL', 'integer', False),
                ('ESTIMATE', 'number', False), ('LOWER', 'number', False),
                ('UPPER', 'number', False), ('EXACTLO', 'number', False),
                ('EXACTHI', 'number', False), ('PVALUE', 'number', False),
                ('TEST', 'text', False), ('MEDIAN', 'number', False)],
    'DICTIONARY': [('SHEET', 'text', False), ('VARIABLE', 'text', False),
                   ('LABEL', 'text', False), ('TYPE', 'text', False), ('UNIT', 'text', False),
                   ('CODELIST', 'text', False)],
}

DATA_SHEETS = ['DM', 'EX', 'CM', 'PR', 'LB', 'AE', 'DS', 'ENDPOINTS']

LAB_TESTS = {
    'NEUT': 'Neutrophils', 'HGB': 'Hemoglobin', 'PLAT': 'Platelets', 'WBC': 'Leukocytes',
    'LYM': 'Lymphocytes', 'ALT': 'Alanine Aminotransferase',
    'AST': 'Aspartate Aminotransferase', 'BILI': 'Bilirubin', 'CREAT': 'Creatinine',
    'INR': 'Prothrombin Intl. Normalized Ratio', 'PT': 'Prothrombin Time',
    'APTT': 'Activated Partial Thromboplastin Time',
}


def columns(sheet, profile):
    """The columns of a sheet in a profile: [(name, type)]."""
    return [(name, kind) for name, kind, site_only in COLUMNS[sheet]
            if profile == SITE or not site_only]


# CTCAE v5.0 lab grades (DOMAIN §1.2), as R's admiral reads them: both sides of each comparison
# rounded to 15 significant digits; grades tried from the worst down. None: no grade.

def signif(x):
    if x == 0 or not math.isfinite(x):
        return x
    return float('%.14e' % x)


def _over(value, limit):
    return signif(value) > signif(limit)


def _under(value, limit):
    return signif(value) < signif(limit)


TERMS = {
    'NEUT': 'Neutrophil count decreased', 'PLAT': 'Platelet count decreased',
    'WBC': 'White blood cell decreased', 'LYM': 'Lymphocyte count decreased', 'HGB': 'Anemia',
    'ALT': 'Alanine aminotransferase increased', 'AST': 'Aspartate aminotransferase increased',
    'BILI': 'Blood bilirubin increased', 'CREAT': 'Creatinine increased',
    'INR': 'INR increased', 'APTT': 'Activated partial thromboplastin time prolonged',
}
DECREASING = {'NEUT': (0.5, 1.0, 1.5), 'PLAT': (25.0, 50.0, 75.0), 'WBC': (1.0, 2.0, 3.0),
              'LYM': (0.2, 0.5, 0.8)}
ULN_MULTIPLES = {'ALT': (20, 5, 3, 1), 'AST': (20, 5, 3, 1), 'BILI': (10, 3, 1.5, 1),
                 'APTT': (None, 2.5, 1.5, 1)}


def ctcae_grade(test, value, lln, uln):
    """(grade, term) of a lab value without baseline or anticoagulation known; (None, None)."""
    if test not in TERMS or value is None or not math.isfinite(value) or value < 0:
        return None, None
    for limit in (lln, uln):
        if limit is not None and (not math.isfinite(limit) or limit <= 0):
            return None, None
    term = TERMS[test]
    grade = None
    if test in DECREASING:
        t4, t3, t2 = DECREASING[test]
        if _under(value, t4):
            grade = 4
        elif _under(value, t3):
            grade = 3
        elif _under(value, t2):
            grade = 2
        elif lln is None:
            grade = None
        else:
            grade = 1 if _under(value, lln) else 0
    elif test == 'HGB':
        if _under(value, 80):
            grade = 3
        elif _under(value, 100):
            grade = 2
        elif lln is None:
            grade = None
        else:
            grade = 1 if _under(value, lln) else 0
    elif test in ULN_MULTIPLES:
        if uln is None:
            return None, None
        grade = 0
        for g, k in zip((4, 3, 2, 1), ULN_MULTIPLES[test]):
            if k is not None and _over(value, k * uln):
                grade = g
                break
    elif test == 'CREAT':
        # Grades 2–4 against the ULN when known; grade 1 needs the ULN.
        grade = None
        for g, k in ((4, 6), (3, 3), (2, 1.5)):
            if uln is not None and _over(value, k * uln):
                grade = g
                break
        if grade is None:
            if uln is None:
                return None, None
            grade = 1 if _over(value, uln) else 0
    elif test == 'INR':
        # Anticoagulation unknown and no baseline: the absolute limits, and nothing below them.
        if _over(value, 2.5):
            grade = 3
        elif _over(value, 1.5):
            grade = 2
        elif _over(value, 1.2):
            grade = 1
        else:
            grade = None
    if grade is None:
        return None, None
    return grade, term


# Dates

def parse_date(text):
    if text is None:
        return None
    return datetime.date.fromisoformat(text[:10])


def as_datetime(text):
    """An Excel date cell as openpyxl reads it: a datetime."""
    if text is None:
        return None
    if len(text) > 10:
        stamp = text.rstrip('Z')
        return datetime.datetime.fromisoformat(stamp[:19])
    d = datetime.date.fromisoformat(text)
    return datetime.datetime(d.year, d.month, d.day)


def study_day(date, day0):
    if date is None or day0 is None:
        return None
    return (parse_date(date) - parse_date(day0)).days


def age(birth, on):
    if birth is None or on is None:
        return None
    b, d = parse_date(birth), parse_date(on)
    years = d.year - b.year - ((d.month, d.day) < (b.month, b.day))
    return years if years >= 0 else None


class Trial:
    """The trial file, read with sqlite3 only."""

    def __init__(self, path, data_cut, profile=SPONSOR):
        self.path = path
        self.db = sqlite3.connect('file:%s?mode=ro' % path, uri=True)
        self.db.row_factory = sqlite3.Row
        self.cut = data_cut
        self.profile = profile
        trial = self.db.execute('SELECT * FROM trial WHERE id = 1').fetchone()
        self.protocol_id = trial['protocol_id']
        self.title = trial['title']
        self.synthetic = trial['synthetic'] == 1
        source = self.db.execute('SELECT source_json FROM protocol_versions '
                                 'ORDER BY id DESC LIMIT 1').fetchone()[0]
        self.protocol = json.loads(source)
        self.arms = {a['id']: a['label'] for a in self.protocol['allocation']['arms']}
        self.endpoint_labels = {e['id']: e['label'] for e in self.protocol.get('endpoints', [])}
        self.product = self.protocol.get('product', {}).get('name') or 'MSC'
        self.subjects = self.db.execute('SELECT * FROM subjects WHERE voided = 0 '
                                        'ORDER BY code').fetchall()

    def before_cut(self, date):
        return date is None or date[:10] <= self.cut

    def up_to_cut(self, date):
        return date if self.before_cut(date) else None

    def rows(self, table, subject_id, order):
        return self.db.execute('SELECT * FROM "%s" WHERE subject_id = ? AND voided = 0 '
                               'ORDER BY %s' % (table, order), (subject_id,)).fetchall()

    def last(self, table, subject_id, order):
        rows = self.rows(table, subject_id, order)
        return rows[-1] if rows else None

    def pick(self, sheet, values):
        """The values of a row, in the profile's columns."""
        return [values.get(name) for name, _ in columns(sheet, self.profile)]

    def usubjid(self, subject):
        return '%s-%s' % (self.protocol_id, subject['code'])

    def keys(self, subject, domain):
        return {'STUDYID': self.protocol_id, 'DOMAIN': domain, 'USUBJID': self.usubjid(subject)}

    def day0(self, subject):
        t = self.last('transplants', subject['id'], 'id')
        return t['day0_date'] if t else None

    # The data sheets, one generator each, in the order the workbook holds them

    def dm(self):
        for s in self.subjects:
            consent = self.last('consents', s['id'], 'consent_date, id')
            allocation = self.last('allocations', s['id'], 'id')
            transplant = self.last('transplants', s['id'], 'id')
            consent_date = consent['consent_date'] if consent else None
            years = age(s['birth_date'], consent_date or s['screening_date'])
            v = self.keys(s, 'DM')
            v.update({
                'SUBJID': s['code'], 'SUBJINIT': s['initials'], 'SEX': s['sex'],
                'AGE': years, 'AGEU': 'YEARS' if years is not None else None,
                'HEIGHT': s['height_cm'], 'WEIGHT': s['weight_kg'], 'KPS': s['kps'],
                'ECOG': s['ecog'], 'STRATUM': s['donor_type'],
                'ARMCD': allocation['arm'] if allocation else None,
                'ARM': self.arms.get(allocation['arm']) if allocation else None,
                'RANDDT': as_datetime(allocation['allocated_at'][:10]) if allocation else None,
                'RFICDT': as_datetime(consent_date), 'SCRNDT': as_datetime(s['screening_date']),
                'PGFDT': as_datetime(s['pgf_onset_date']),
                'RFSTDT': as_datetime(s['treatment_start']), 'DOSELVL': s['dose_level'],
                'SYNTHFL': 'Y' if s['synthetic'] else 'N', 'DIAG': s['diagnosis'],
            })
            if transplant:
                v.update({
                    'HCTDT': as_datetime(transplant['day0_date']),
                    'GRAFTSRC': transplant['graft_source'], 'CD34': transplant['cd34_per_kg'],
                    'MNC': transplant['mnc_per_kg'], 'ABOMATCH': transplant['abo_match'],
                    'HLAMATCH': transplant['hla_match'],
                })
            yield self.pick('DM', v)

    def ex(self):
        for s in self.subjects:
            day0 = self.day0(s)
            seq = 0
            for r in self.rows('infusions', s['id'], 'number, id'):
                if not self.before_cut(r['given_at'] or r['planned_date']):
                    continue
                seq += 1
                v = self.keys(s, 'EX')
                v.update({
                    'EXSEQ': seq, 'EXTRT': self.product, 'EXNUM': r['number'],
                    'EXSTATUS': r['status'], 'EXPLDT': as_datetime(r['planned_date']),
                    'EXSTDTM': as_datetime(r['given_at']),
                    'EXSTDY': study_day(r['given_at'], day0), 'EXDOSE': r['cells_per_kg'],
                    'EXDOSU': 'cells/kg' if r['cells_per_kg'] is not None else None,
                    'EXTOTAL': r['total_cells'], 'EXWT': r['weight_kg'], 'EXLOT': r['lot'],
                    'EXBAG': r['bag'], 'EXREASON': r['reason'], 'EXVITPRE': r['vitals_pre'],
                    'EXVITPST': r['vitals_post'],
                })
                yield self.pick('EX', v)

    def cm(self):
        for s in self.subjects:
            day0 = self.day0(s)
            seq = 0
            for r in self.rows('conditioning_doses', s['id'], 'study_day, agent, dose_number, id'):
                start = r['given_at'][:10] if r['given_at'] else r['planned_date']
                if not self.before_cut(start):
                    continue
                seq += 1
                v = self.keys(s, 'CM')
                v.update({
                    'CMSEQ': seq, 'CMCAT': 'CONDITIONING', 'CMSCAT': r['regimen_id'],
                    'CMTRT': r['agent'], 'CMDOSNUM': r['dose_number'], 'CMSTATUS': r['status'],
                    'CMDOSE': r['given_dose'], 'CMDOSU': r['dose_unit'],
                    'CMPLDOSE': r['calculated_dose'], 'CMBASIS': r['basis'],
                    'CMBSA': r['bsa_m2'], 'CMBSAMTH': r['bsa_formula'], 'CMWT': r['weight_kg'],
                    'CMSTDT': as_datetime(start), 'CMGIVDTM': as_datetime(r['given_at']),
                    'CMSTDY': study_day(start, day0), 'CMDEVRS': r['deviation_reason'],
                })
                yield self.pick('CM', v)
            for r in self.rows('medications', s['id'], 'start_date, id'):
                if not self.before_cut(r['start_date']):
                    continue
                seq += 1
                end = self.up_to_cut(r['end_date'])
                v = self.keys(s, 'CM')
                v.update({
                    'CMSEQ': seq, 'CMCAT': 'SUPPORTIVE CARE', 'CMTRT': r['agent'],
                    'CMDOSE': r['dose'], 'CMDOSU': r['dose_unit'], 'CMLEVEL': r['dose_level'],
                    'CMSTDT': as_datetime(r['start_date']), 'CMENDT': as_datetime(end),
                    'CMSTDY': study_day(r['start_date'], day0), 'CMENDY': study_day(end, day0),
                    'CMINDC': r['indication'],
                })
                yield self.pick('CM', v)

    def pr(self):
        for s in self.subjects:
            day0 = self.day0(s)
            seq = 0
            for r in self.rows('transfusions', s['id'], 'given_on, id'):
                if not self.before_cut(r['given_on']):
                    continue
                seq += 1
                v = self.keys(s, 'PR')
                v.update({
                    'PRSEQ': seq, 'PRCAT': 'TRANSFUSION', 'PRTRT': r['product'],
                    'PRDOSE': r['units'], 'PRDOSU': 'U', 'PRSTDT': as_datetime(r['given_on']),
                    'PRSTDY': study_day(r['given_on'], day0),
                })
                yield self.pick('PR', v)

    def lb(self):
        for s in self.subjects:
            day0 = self.day0(s)
            seq = 0
            for r in self.rows('lab_results', s['id'], 'collected_on, test_code, id'):
                if not self.before_cut(r['collected_on']):
                    continue
                seq += 1
                grade, term = ctcae_grade(r['test_code'], r['stresn'], r['lln'], r['uln'])
                v = self.keys(s, 'LB')
                v.update({
                    'LBSEQ': seq, 'LBTESTCD': r['test_code'],
                    'LBTEST': LAB_TESTS.get(r['test_code']), 'LBORRES': r['orres'],
                    'LBORRESU': r['orresu'], 'LBSTRESN': r['stresn'], 'LBSTRESU': r['stresu'],
                    'LBSTNRLO': r['lln'], 'LBSTNRHI': r['uln'],
                    'LBDT': as_datetime(r['collected_on']),
                    'LBDY': study_day(r['collected_on'], day0), 'LBTOXGR': grade,
                    'LBTOX': term, 'LBTOXVER': '5.0' if grade is not None else None,
                })
                yield self.pick('LB', v)

    def ae(self):
        for s in self.subjects:
            day0 = self.day0(s)
            seq = 0
            for r in self.rows('adverse_events', s['id'], 'onset_date, id'):
                if not self.before_cut(r['onset_date']):
                    continue
                seq += 1
                end = self.up_to_cut(r['resolved_date'])
                v = self.keys(s, 'AE')
                v.update({
                    'AESEQ': seq, 'AETERM': r['term'], 'AETOXGR': r['grade'],
                    'AETOXVER': r['ctcae_version'], 'AESER': 'Y' if r['serious'] else 'N',
                    'AEREL': r['relationship'], 'AEDLT': 'Y' if r['dlt'] else 'N',
                    'AESTDT': as_datetime(r['onset_date']), 'AEENDT': as_datetime(end),
                    'AESTDY': study_day(r['onset_date'], day0), 'AEENDY': study_day(end, day0),
                    'AEOUT': r['outcome'] if end is not None or r['resolved_date'] is None
                    else None,
                    'AEACN': r['action_taken'],
                })
                yield self.pick('AE', v)

    def ds(self):
        for s in self.subjects:
            day0 = self.day0(s)
            events = []
            for r in self.rows('dispositions', s['id'], 'event_date, id'):
                events.append((r['event_date'], 'DISPOSITION EVENT', r['event'], r['reason']))
            for r in self.rows('follow_ups', s['id'], 'event_date, id'):
                events.append((r['event_date'], 'OTHER EVENT', r['kind'], r['detail']))
            events = [e for e in events if self.before_cut(e[0])]
            events.sort(key=lambda e: e[0])   # stable: dispositions first on a day
            for seq, (date, cat, decod, term) in enumerate(events, 1):
                v = self.keys(s, 'DS')
                v.update({'DSSEQ': seq, 'DSCAT': cat, 'DSDECOD': decod,
                          'DSSTDT': as_datetime(date), 'DSSTDY': study_day(date, day0),
                          'DSTERM': term})
                yield self.pick('DS', v)

    def endpoints(self, results):
        """@results: the JSON of `stroma endpoints --format json`."""
        for r in results:
            evidence = '; '.join(
                '%s %s transfusion' % (e['date'], e['test']) if e.get('transfusion')
                else '%s %s %g' % (e['date'], e['test'], e['value'])
                for e in r['evidence'])
            v = {
                'STUDYID': self.protocol_id,
                'USUBJID': '%s-%s' % (self.protocol_id, r['subject']),
                'ARMCD': r['arm'] or None, 'PARAMCD': r['endpoint'],
                'PARAM': self.endpoint_labels.get(r['endpoint']), 'DEFN': r['definition'],
                'EPGROUP': r['group'], 'EPCAT': r['category'], 'STATE': r['state'],
                'EVNTDT': as_datetime(r['event_date']), 'DAY0DY': r['day_from_day0'],
                'TRTDY': r['day_from_treatment'], 'EVIDENCE': evidence or None,
                'EXPLAIN': r['explanation'] or None,
            }
            yield self.pick('ENDPOINTS', v)

    def summary(self, stats):
        """@stats: the JSON of `stroma stats --format json`."""
        arms = stats['arms']
        for a, arm in enumerate(arms):
            for rate in stats['responses']:
                r = rate['arms'][a]
                ident = rate['id']
                if ':' in ident:
                    group, categories = ident.split(':', 1)
                    label = '%s (%s)' % (group, categories)
                else:
                    label = self.endpoint_labels.get(ident)
                p = rate['fisher_p']
                yield self.pick('SUMMARY', {
                    'MEASURE': ident, 'LABEL': label, 'DEFN': rate['definition'],
                    'ARMCD': arm['id'], 'ARM': arm['label'], 'N': arm['n'], 'MET': r['met'],
                    'EVAL': r['evaluable'], 'ESTIMATE': r['rate'],
                    'LOWER': r['wilson_95'][0], 'UPPER': r['wilson_95'][1],
                    'EXACTLO': r['exact_95'][0], 'EXACTHI': r['exact_95'][1],
                    'PVALUE': p, 'TEST': 'Fisher exact two-sided' if p is not None else None,
                })
            for key, measure, label in (
                    ('overall_survival', 'os-1-year', 'Overall survival at one year'),
                    ('disease_free_survival', 'dfs-1-year', 'Disease-free survival at one year')):
                s = stats[key]
                r = s['arms'][a]
                p = s['log_rank_p']
                yield self.pick('SUMMARY', {
                    'MEASURE': measure, 'LABEL': label, 'ARMCD': arm['id'],
                    'ARM': arm['label'], 'N': arm['n'], 'MET': r['events'], 'EVAL': r['n'],
                    'ESTIMATE': r['one_year'], 'LOWER': r['one_year_lower'],
                    'UPPER': r['one_year_upper'], 'PVALUE': p,
                    'TEST': 'log-rank' if p is not None else None, 'MEDIAN': r['median_days'],
                })

    def sheet(self, name, endpoints=None, stats=None):
        if name == 'ENDPOINTS':
            return self.endpoints(endpoints)
        if name == 'SUMMARY':
            return self.summary(stats)
        return getattr(self, name.lower())()
