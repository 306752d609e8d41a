#!/usr/bin/env python3
"""Prints exercise handouts to PDF in headless Chromium, as a trainer's browser would.

For each scenario file given: writes the trainee handout (HTML, A4) and the instructor
handout (HTML, Letter) with `accord run FILE --handout ... --format html --paper ...`, has
Chromium print each to PDF (`--print-to-pdf`, the page's own print CSS), and checks with
poppler's pdfinfo and pdftotext:

  * both PDFs exist, have the paper size the handout asked for (A4 595x842 pt, Letter
    612x792 pt) and at least one page per step (each step starts a page);
  * the trainee PDF holds no decision word (PERMITTED, VETOED, NEEDS CONSENT, ...) and no
    debrief or instructor note, but every step title;
  * the instructor PDF holds one "Decision:" per step written, as many as the HTML has.

Usage: handout_print_test.py --bin build/accord --repo REPO SCENARIO.yaml...
Exit status 0 on success; 1 with a message on the first failed check.
"""
import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile

CHROMIUM = '/usr/bin/chromium'
DECISION_WORDS = ['NO CLAUSE APPLIES', 'PERMITTED', 'OBLIGATIONS', 'NEEDS CONSULTATION', 'NEEDS NO OBJECTION',
                  'NEEDS CONSENT', 'VETOED', 'PROHIBITED', 'IT DEPENDS']
PAPER = {'a4': (595, 842), 'letter': (612, 792)}


class Failure(Exception):
    pass


def run(args, **kw):
    p = subprocess.run(args, capture_output=True, text=True, timeout=120, **kw)
    if p.returncode != 0:
        raise Failure(f'{" ".join(args)} exited with {p.returncode}:\n{p.stderr}')
    return p.stdout


def print_pdf(html_path, pdf_path, profile):
    subprocess.run([CHROMIUM, '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
                    '--no-first-run', '--disable-background-networking', '--disable-component-update',
                    f'--user-data-dir={profile}', '--no-pdf-header-footer', f'--print-to-pdf={pdf_path}',
                    'file://' + html_path], capture_output=True, timeout=120)
    if not os.path.exists(pdf_path) or os.path.getsize(pdf_path) == 0:
        raise Failure(f'chromium wrote no PDF for {html_path}')
    with open(pdf_path, 'rb') as f:
        if f.read(5) != b'%PDF-':
            raise Failure(f'{pdf_path} is not a PDF')


def pdf_info(pdf_path):
    info = run(['pdfinfo', pdf_path])
    pages = int(re.search(r'^Pages:\s+(\d+)', info, re.M).group(1))
    w, h = re.search(r'^Page size:\s+([\d.]+) x ([\d.]+) pts', info, re.M).groups()
    return pages, (round(float(w)), round(float(h)))


def check(bin_path, repo, scenario, tmp):
    name = os.path.splitext(os.path.basename(scenario))[0]
    texts = {}
    for kind, paper in (('trainee', 'a4'), ('instructor', 'letter')):
        page = run([bin_path, 'run', scenario, '--handout', kind, '--format', 'html', '--paper', paper,
                    '--rules', os.path.join(repo, 'rules')], cwd=repo)
        html_path = os.path.join(tmp, f'{name}-{kind}.html')
        pdf_path = os.path.join(tmp, f'{name}-{kind}.pdf')
        with open(html_path, 'w') as f:
            f.write(page)
        print_pdf(html_path, pdf_path, os.path.join(tmp, 'profile'))
        pages, size = pdf_info(pdf_path)
        want = PAPER[paper]
        if abs(size[0] - want[0]) > 2 or abs(size[1] - want[1]) > 2:
            raise Failure(f'{name} {kind}: page size {size} pt, expected {paper} {want}')
        steps = page.count('<section class="step">')
        if pages < steps:
            raise Failure(f'{name} {kind}: {pages} pages for {steps} steps: each step should start a page')
        text = run(['pdftotext', '-layout', pdf_path, '-'])
        texts[kind] = (page, text, pages)
    page, text, pages = texts['trainee']
    for word in DECISION_WORDS:
        if word in text:
            raise Failure(f'{name}: the trainee PDF says "{word}"')
    for hidden in ('Debrief', 'Instructor notes', 'Decision:'):
        if hidden in text:
            raise Failure(f'{name}: the trainee PDF has "{hidden}"')
    for title in re.findall(r'<h2>(Step \d+: [^<]*)</h2>', page):
        words = html.unescape(title).split()[:4]
        if not all(w in text for w in words):
            raise Failure(f'{name}: the trainee PDF lacks the step "{html.unescape(title)}"')
    ipage, itext, ipages = texts['instructor']
    want = ipage.count('<p class="decision">')
    got = len(re.findall(r'Decision: [A-Z]', itext))
    if want == 0 or got != want:
        raise Failure(f'{name}: the instructor PDF has {got} decisions, its HTML {want}')
    print(f'handout_print_test: {name}: trainee {pages} pages (A4), instructor {ipages} pages (Letter), {want} decisions')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin', required=True)
    ap.add_argument('--repo', required=True)
    ap.add_argument('scenarios', nargs='+')
    a = ap.parse_args()
    for tool in (CHROMIUM, shutil.which('pdfinfo'), shutil.which('pdftotext')):
        if not tool or not os.path.exists(tool):
            sys.stderr.write('handout_print_test: FAIL: needs chromium and poppler-utils (apt-get install chromium poppler-utils)\n')
            return 1
    tmp = tempfile.mkdtemp(prefix='accord-handout-')
    try:
        for s in a.scenarios:
            check(os.path.abspath(a.bin), os.path.abspath(a.repo), s, tmp)
    except (Failure, subprocess.TimeoutExpired) as e:
        sys.stderr.write(f'handout_print_test: FAIL: {e}\n')
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
