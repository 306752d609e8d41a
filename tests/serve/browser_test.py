#!/usr/bin/env python3
"""Browser test of the Accord web workbench (engine/serve/web), served by `accord serve`.

Starts `BIN serve --rules REPO/rules --scenarios REPO/scenarios --addr 127.0.0.1:0` (cwd REPO),
reads the URL from its first stdout line, drives headless Chromium through selenium and checks:

  1. what-if: action "basing", actor "United States", host "Kyrgyzstan", date 2026-03-01, site
     manas -> NEEDS NO OBJECTION, with the clause card (cite, quoted text, source), the party grid
     and the what-if panel (swing parties, timeline drawn and listed);
  2. Russia objects: clicking Russia in the party grid until it "objects" -> VETOED by Russia;
  3. the URL keeps the state: reopened in a new browser session it shows the same VETOED decision;
  4. a party typed by name: "Russia" as the host -> the decision is computed for RUS (Kyrgyzstan
     becomes one of the parties asked), and the autocomplete list offers Russia;
  5. an unknown party ("Atlantis") -> the server's error message is shown by the form; in 2005 the
     reading switch of CSTO Charter Art. 7 set to "agreement" -> VETOED by Russia (?reading=);
  6. exercises: manas-2001-2014 played to its last step with key presses (Space, Enter, ->):
     "Step N of N" and the last decision shown; the handout link answers Markdown; at the decision
     point of armenia-path-out, pressing "stay frozen" shows that path's next step (?choose=);
  7. clauses: filtered by an instrument, the clause text is shown;
  8. a second server with --token-file and a copy of the rules: the page asks for the token on a
     401 and keeps it; a syntax error in a rules file shows the "rules on disk have an error"
     banner, which goes away once the file is fixed.

Usage: python3 tests/serve/browser_test.py --bin build/accord --repo /work/main [--screenshots DIR]
Exit status 0 on success; 1 with a message on the first failed check.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

SYSTEM_PYTHON = '/usr/bin/python3'


def _import_selenium():
    """Debian's python3-selenium lives in the system interpreter; re-run under it if needed."""
    try:
        import selenium  # noqa: F401
        return
    except ImportError:
        pass
    here = os.path.realpath(sys.executable or '')
    if os.path.exists(SYSTEM_PYTHON) and here != os.path.realpath(SYSTEM_PYTHON) \
            and not os.environ.get('ACCORD_BROWSER_TEST_REEXEC'):
        os.environ['ACCORD_BROWSER_TEST_REEXEC'] = '1'
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
    sys.stderr.write('browser_test: FAIL: the selenium module is not installed '
                     '(apt-get install python3-selenium chromium chromium-driver)\n')
    sys.exit(1)


_import_selenium()

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM = '/usr/bin/chromium'
CHROMEDRIVER = '/usr/bin/chromedriver'
TOTAL_SECONDS = 150     # the whole test, server start to cleanup
WAIT = 20               # one explicit wait
START_SECONDS = 10      # for the server's "listening on" line

HEADLINE_WORDS = {
    'no_clause': 'NO CLAUSE APPLIES', 'permitted': 'PERMITTED', 'obligations': 'OBLIGATIONS',
    'needs_consultation': 'NEEDS CONSULTATION', 'needs_no_objection': 'NEEDS NO OBJECTION',
    'needs_consent': 'NEEDS CONSENT', 'vetoed': 'VETOED', 'prohibited': 'PROHIBITED', 'depends': 'IT DEPENDS',
}


class Failure(Exception):
    pass


def log(msg):
    print(f'browser_test: {msg}', flush=True)


# ------------------------------------------------------------------ the server

class Server:
    def __init__(self, binary, repo, rules=None, extra=()):
        self.stderr = tempfile.TemporaryFile()
        cmd = [binary, 'serve', '--rules', rules or os.path.join(repo, 'rules'),
               '--scenarios', os.path.join(repo, 'scenarios'), '--addr', '127.0.0.1:0', *extra]
        log('starting: ' + ' '.join(cmd))
        self.proc = subprocess.Popen(cmd, cwd=repo, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=self.stderr)
        self.rest = []
        first = []
        reader_done = threading.Event()

        def read():
            try:
                line = self.proc.stdout.readline()
                first.append(line.decode('utf-8', 'replace'))
                reader_done.set()
                for more in self.proc.stdout:      # keep the pipe drained
                    self.rest.append(more)
            finally:
                reader_done.set()

        threading.Thread(target=read, daemon=True).start()
        try:
            if not reader_done.wait(START_SECONDS) or not first:
                raise Failure(f'the server printed no first line within {START_SECONDS} s' + self.tail())
            line = first[0].rstrip('\n')
            m = re.fullmatch(r'listening on (http://127\.0\.0\.1:\d+/)', line)
            if not m:
                raise Failure(f"the server's first stdout line is {line!r}, expected 'listening on http://127.0.0.1:PORT/'"
                              + self.tail())
        except BaseException:
            self.stop()
            raise
        self.url = m.group(1)
        log('server at ' + self.url)

    def tail(self):
        try:
            self.stderr.seek(0)
            err = self.stderr.read().decode('utf-8', 'replace')[-2000:]
        except Exception:
            err = ''
        code = self.proc.poll()
        return (f'\n  server exit status: {code}' if code is not None else '') + \
            (f'\n  server stderr:\n{err}' if err.strip() else '')

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if not self.stderr.closed:
            self.stderr.close()

    def get(self, path, token=None):
        req = urllib.request.Request(self.url.rstrip('/') + path,
                                     headers={'Authorization': 'Bearer ' + token} if token else {})
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers.get('Content-Type', ''), r.read()

    def get_json(self, path):
        status, _, body = self.get(path)
        return json.loads(body)

    def get_json_token(self, path, token):
        status, _, body = self.get(path, token)
        return json.loads(body)


# ------------------------------------------------------------------ the browser

def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def start_chromedriver():
    """chromedriver on a free loopback port, answering /status (at most 20 s)."""
    port = free_port()
    proc = subprocess.Popen([CHROMEDRIVER, f'--port={port}'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proc.port = port
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Failure(f'chromedriver exited with status {proc.returncode}')
        try:
            urllib.request.urlopen(f'http://127.0.0.1:{port}/status', timeout=1).read()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise Failure('chromedriver did not answer on 127.0.0.1 within 20 s')


def stop_process(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def start_chromium(profile):
    """Headless Chromium with its DevTools on a free 127.0.0.1 port; returns (process, port).

    Chromium is started here and chromedriver attached to it by address (debuggerAddress),
    because chromedriver reaches a browser it starts itself as "localhost", which a fresh
    machine may not resolve (no /etc/hosts entry)."""
    args = [CHROMIUM, '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
            '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
            '--window-size=1280,900', '--lang=en-US', f'--user-data-dir={profile}',
            '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', 'about:blank']
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    active = os.path.join(profile, 'DevToolsActivePort')  # "PORT\n/devtools/browser/..."
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Failure(f'chromium exited with status {proc.returncode}')
        try:
            with open(active) as f:
                port = int(f.readline().strip())
            urllib.request.urlopen(f'http://127.0.0.1:{port}/json/version', timeout=1).read()
            return proc, port
        except (OSError, ValueError):
            time.sleep(0.05)
    stop_process(proc)
    raise Failure('chromium did not open its DevTools port within 30 s')


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix='accord-chromium-')
        # Both processes on 127.0.0.1, neither through "localhost" (see start_chromium).
        self.chromium, port = start_chromium(self.profile)
        self.chromedriver = start_chromedriver()
        opts = webdriver.ChromeOptions()
        opts.debugger_address = f'127.0.0.1:{port}'
        opts.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
        try:
            self.driver = webdriver.Remote(command_executor=f'http://127.0.0.1:{self.chromedriver.port}', options=opts)
        except WebDriverException as e:
            self.stop_processes()
            raise Failure(f'could not attach chromedriver to chromium: {e.msg}')
        self.driver.set_page_load_timeout(WAIT)

    def stop_processes(self):
        stop_process(self.chromedriver)
        stop_process(self.chromium)
        shutil.rmtree(self.profile, ignore_errors=True)

    def quit(self):
        try:
            self.check_console()
        finally:
            try:
                self.driver.quit()
            except Exception:
                pass
            self.stop_processes()

    def check_console(self):
        """Fail on JavaScript errors (not on the 400 answers the error check provokes on purpose)."""
        try:
            entries = self.driver.get_log('browser')
        except Exception:
            return
        bad = [e['message'] for e in entries if e.get('level') == 'SEVERE'
               and not re.search(r'status of 40[01]', e.get('message', ''))]
        if bad:
            raise Failure('the page logged errors in the browser console:\n  ' + '\n  '.join(bad[:10]))


# ------------------------------------------------------------------ helpers

def wait(driver, cond, msg, timeout=WAIT):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1,
                             ignored_exceptions=(StaleElementReferenceException,)).until(cond)
    except TimeoutException:
        raise Failure(f'{msg} (waited {timeout} s){page_state(driver)}')


def page_state(driver):
    """What the page shows, for failure messages."""
    try:
        info = driver.execute_script("""
          const t = s => { const e = document.querySelector(s); return e ? e.innerText.trim().slice(0, 400) : null; };
          const err = document.querySelector('#form-error');
          return {url: location.href, headline: t('#decision-head'), error: err && !err.hidden ? t('#form-error') : null,
                  state: (document.querySelector('#decision') || {dataset: {}}).dataset.state,
                  counter: t('#step-counter'), banner: t('#reload-banner')};""")
    except Exception:
        return ''
    try:
        logs = [e['message'] for e in driver.get_log('browser')][-8:]
    except Exception:
        logs = []
    return '\n  page: ' + json.dumps(info, ensure_ascii=False) + \
        ('\n  browser console (last entries):\n    ' + '\n    '.join(logs) if logs else '')


def text(driver, css):
    els = driver.find_elements(By.CSS_SELECTOR, css)
    return els[0].text.strip() if els else ''


def decided(driver, words):
    """The decision area shows the headline `words` and is not busy."""
    def cond(d):
        st = d.execute_script("const e = document.querySelector('#decision'); return e ? e.dataset.state : null;")
        return st == 'done' and text(d, '#decision-head .headline .hl-words') == words
    return cond


def wait_headline(driver, words, why):
    wait(driver, decided(driver, words), f'{why}: expected the headline {words!r}')


def type_into(driver, css, value):
    el = driver.find_element(By.CSS_SELECTOR, css)
    el.clear()
    el.send_keys(value)
    return el


def set_value(driver, css, iso):
    """Sets an input's value and fires the events a user's edit fires (date inputs take keys in the browser's locale)."""
    driver.execute_script("""
      const e = document.querySelector(arguments[0]); e.value = arguments[1];
      e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true}));""",
                          css, iso)


def shot(driver, args, name):
    if not args.screenshots:
        return
    os.makedirs(args.screenshots, exist_ok=True)
    path = os.path.join(args.screenshots, name)
    driver.save_screenshot(path)
    log(f'screenshot {path}')


def party_button(driver, code):
    return driver.find_element(By.CSS_SELECTOR, f'#party-grid button[data-party="{code}"]')


def stance(driver, code):
    els = driver.find_elements(By.CSS_SELECTOR, f'#party-grid button[data-party="{code}"]')
    return els[0].get_attribute('data-stance') if els else None


# ------------------------------------------------------------------ the checks

def check_manas_2026(driver, server, args):
    driver.get(server.url)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '#f-action option[value="basing"]'),
         'the action list was not filled from /v1/vocab (no option "basing")')
    Select(driver.find_element(By.ID, 'f-action')).select_by_value('basing')
    doc = text(driver, '#action-doc')
    if 'stations' not in doc:
        raise Failure(f'the doc of action "basing" is not shown under the list; shown: {doc!r}')
    wait(driver, lambda d: d.find_elements(By.ID, 'f-actor') and d.find_elements(By.ID, 'f-host'),
         'choosing "basing" did not show the actor and host fields')
    for fid in ['f-action', 'f-date', 'f-actor', 'f-host', 'f-site', 'f-purpose']:
        if not driver.find_elements(By.CSS_SELECTOR, f'label[for="{fid}"]'):
            raise Failure(f'the form control #{fid} has no <label>')
    type_into(driver, '#f-actor', 'United States')
    type_into(driver, '#f-host', 'Kyrgyzstan')
    set_value(driver, '#f-date', '2026-03-01')
    Select(driver.find_element(By.ID, 'f-site')).select_by_value('manas')
    wait_headline(driver, 'NEEDS NO OBJECTION', 'basing by the United States in Kyrgyzstan at Manas on 2026-03-01')
    hint = text(driver, '#f-actor-hint')
    if 'United States (USA)' not in hint:
        raise Failure(f'the actor field does not show what "United States" resolves to; hint: {hint!r}')
    summary = text(driver, '#decision-head .summary')
    if 'Russia' not in summary or 'objecting' not in summary:
        raise Failure(f'the summary sentence is not shown in plain words; shown: {summary!r}')
    live = driver.find_element(By.ID, 'decision-head').get_attribute('aria-live')
    if live not in ('polite', 'assertive'):
        raise Failure('the decision headline is not in an aria-live region')
    # the applying clause as a card, with its quoted text and source (from /v1/clauses)
    clause = server.get_json('/v1/clauses/' + urllib.request.quote('csto-infrastructure-protocol-2011/art_1', safe=''))
    card = wait(driver, lambda d: d.find_elements(
        By.CSS_SELECTOR, '.clause-card[data-clause="csto-infrastructure-protocol-2011/art_1"]'),
        'no clause card for csto-infrastructure-protocol-2011/art_1')[0]
    card_text = card.text
    for want, what in [(clause['cite'], 'cite'), (clause['text'][:40], 'quoted text'), ('PENDING', 'status'),
                       ('in force from ' + clause['effective']['from'], 'effective window'),
                       ('Because:', 'because')]:
        if want not in card_text:
            raise Failure(f'the clause card lacks its {what} ({want!r}); card:\n{card_text}')
    src = card.find_elements(By.CSS_SELECTOR, 'a[href^="http"]')
    if not src or src[0].get_attribute('href').rstrip('/') != clause['source'].rstrip('/'):
        raise Failure(f'the clause card has no link to its source {clause["source"]!r}')
    # the party grid: the parties whose objection matters, with their stance
    for code, name in [('ARM', 'Armenia'), ('BLR', 'Belarus'), ('KAZ', 'Kazakhstan'), ('RUS', 'Russia'), ('TJK', 'Tajikistan')]:
        b = driver.find_elements(By.CSS_SELECTOR, f'#party-grid button[data-party="{code}"]')
        if not b or name not in b[0].text or 'no position' not in b[0].text:
            raise Failure(f'the party grid lacks a button "{name}" with "no position"; grid: {text(driver, "#party-grid")!r}')
    # the what-if panel: swing parties and the timeline
    wait(driver, lambda d: d.execute_script("return document.querySelector('#whatif').dataset.state") == 'done',
         'the what-if panel (POST /v1/whatif) did not finish')
    swing = text(driver, '#whatif .swing')
    if 'If Russia (RUS) objects: ' not in swing or 'VETOED' not in swing:
        raise Failure(f'the what-if panel does not say "If Russia (RUS) objects: VETOED"; it says: {swing!r}')
    bands = driver.find_elements(By.CSS_SELECTOR, '#whatif svg.timeline rect.band')
    if len(bands) < 3:
        raise Failure(f'the timeline SVG has {len(bands)} bands, expected one per segment (5)')
    svg_text = driver.find_element(By.CSS_SELECTOR, '#whatif svg.timeline').text
    if '2012-12-19' not in svg_text:
        raise Failure(f'the timeline SVG does not label the boundary 2012-12-19; it says {svg_text!r}')
    tl = text(driver, '#whatif .timeline-list')
    for want in ['2012-12-19 → 2014-01-30', 'NEEDS NO OBJECTION', 'Protocol (2011), Art. 1 takes effect',
                 '2003-09-18 → 2006-08-16', 'NEEDS CONSULTATION', 'Uzbekistan leaves CSTO',
                 '2014-01-30 → open-ended', 'Kazakhstan becomes a party to csto-infrastructure-protocol-2011']:
        if want not in tl:
            raise Failure(f'the timeline list lacks {want!r}; it says:\n{tl}')
    log('1. Manas 2026: NEEDS NO OBJECTION, clause card, party grid, swing, timeline: ok')
    driver.execute_script('window.scrollTo(0, 0)')
    shot(driver, args, 'workbench-whatif-manas-2026.png')


def check_russia_objects(driver, args):
    order = ['none', 'consent', 'object']
    for expected in order[1:]:
        before = stance(driver, 'RUS')
        party_button(driver, 'RUS').click()
        wait(driver, lambda d: stance(d, 'RUS') == expected,
             f'clicking Russia in the party grid did not change its stance from {before!r} to {expected!r}')
        if expected == 'consent':
            wait_headline(driver, 'NEEDS NO OBJECTION', 'Russia consents, the others are awaited')
    wait_headline(driver, 'VETOED', 'Russia objects to the Manas base in 2026')
    by = text(driver, '#decision-head .hl-by')
    if by != 'by Russia':
        raise Failure(f'the VETOED headline should name Russia ("by Russia"); it says {by!r}')
    b = party_button(driver, 'RUS').text
    if 'objects' not in b:
        raise Failure(f'the Russia button does not say it objects: {b!r}')
    if 'pos.RUS=object' not in driver.current_url:
        raise Failure(f'the URL does not keep the position of Russia: {driver.current_url}')
    log('2. Russia clicked to "object": VETOED by Russia: ok')
    driver.execute_script('window.scrollTo(0, 0)')
    shot(driver, args, 'workbench-whatif-russia-objects.png')
    return driver.current_url


def check_reopen(driver, url):
    driver.get(url)
    wait_headline(driver, 'VETOED', f'the URL {url} reopened in a new browser session')
    by = text(driver, '#decision-head .hl-by')
    if by != 'by Russia':
        raise Failure(f'reopened: the VETOED headline should say "by Russia"; it says {by!r}')
    if stance(driver, 'RUS') != 'object':
        raise Failure(f'reopened: Russia should be shown as objecting in the party grid; stance {stance(driver, "RUS")!r}')
    for fid, want in [('f-action', 'basing'), ('f-actor', 'United States'), ('f-host', 'Kyrgyzstan'),
                      ('f-date', '2026-03-01'), ('f-site', 'manas')]:
        got = driver.find_element(By.ID, fid).get_attribute('value')
        if got != want:
            raise Failure(f'reopened: the form field #{fid} is {got!r}, expected {want!r}')
    log('3. the URL reopened in a new session: same form, VETOED by Russia, Russia objecting: ok')


def check_typed_russia(driver):
    if not driver.find_elements(By.CSS_SELECTOR, '#dl-parties option[value="Russia"]'):
        raise Failure('the autocomplete list of the party fields (datalist #dl-parties) does not offer "Russia"')
    if driver.find_element(By.ID, 'f-host').get_attribute('list') != 'dl-parties':
        raise Failure('the host field is not connected to the party autocomplete list')
    # the site (Manas, in Kyrgyzstan) would no longer be in the host: clear it first
    set_value(driver, '#f-site', '')
    type_into(driver, '#f-host', 'Russia')
    wait(driver, lambda d: 'Russia (RUS)' in text(d, '#f-host-hint'),
         'typing "Russia" into the host field does not show "Russia (RUS)"')
    # a US base in Russia: the other CSTO members are asked, now with Kyrgyzstan and without Russia
    wait(driver, lambda d: decided(d, 'NEEDS NO OBJECTION')(d) and stance(d, 'KGZ') is not None,
         'with the host "Russia", the decision should need no objection from the other members, Kyrgyzstan among them')
    summary = text(driver, '#decision-head .summary')
    if 'Kyrgyzstan' not in summary or 'Armenia, Belarus, Kazakhstan, Kyrgyzstan and Tajikistan' not in summary:
        raise Failure(f'the decision for host "Russia" was not computed for RUS; summary: {summary!r}')
    log('4. "Russia" typed into the host field: decided for RUS (Kyrgyzstan asked, autocomplete offers Russia): ok')


def check_unknown_party(driver):
    type_into(driver, '#f-host', 'Atlantis')
    wait(driver, lambda d: d.find_element(By.ID, 'form-error').is_displayed() and 'Atlantis' in text(d, '#form-error'),
         'an unknown party ("Atlantis") should show the server\'s error message by the form')
    msg = text(driver, '#form-error .error-message')
    if "unknown party 'Atlantis'" not in msg:
        raise Failure(f'the error shown is not the server\'s message ("unknown party \'Atlantis\'"): {msg!r}')
    if driver.find_element(By.ID, 'f-host').get_attribute('aria-invalid') != 'true':
        raise Failure('the host field holding "Atlantis" is not marked aria-invalid')
    type_into(driver, '#f-host', 'Kyrgyzstan')
    wait(driver, lambda d: not d.find_element(By.ID, 'form-error').is_displayed() and decided(d, 'VETOED')(d),
         'after correcting the host to "Kyrgyzstan" the error should go away and the decision come back')
    log(f'5. unknown party "Atlantis": the server\'s message is shown ({msg!r}): ok')


def check_reading(driver):
    clause = 'csto-charter-2002/art_7__para_4'
    set_value(driver, '#f-date', '2005-01-01')
    wait_headline(driver, 'NEEDS CONSULTATION', 'in 2005 (CSTO Charter Art. 7, default reading "consultation") with Russia objecting')
    sel = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f'#readings select[data-clause="{clause}"]'),
               f'the decision of 2005 applies {clause}, which has readings: a reading switch should be shown')[0]
    if not driver.find_elements(By.CSS_SELECTOR, f'label[for="{sel.get_attribute("id")}"]'):
        raise Failure('the reading switch has no <label>')
    Select(sel).select_by_value('agreement')
    wait_headline(driver, 'VETOED', 'read as "agreement", Russia\'s objection')
    if text(driver, '#decision-head .hl-by') != 'by Russia':
        raise Failure(f'read as "agreement": expected "by Russia", got {text(driver, "#decision-head .hl-by")!r}')
    if 'reading=' + urllib.request.quote(clause + '=agreement', safe='') not in driver.current_url:
        raise Failure(f'the URL does not keep the reading: {driver.current_url}')
    log('5b. reading switch: CSTO Charter Art. 7 read as "agreement" in 2005 -> VETOED by Russia: ok')


def check_exercise(driver, server, args, name='manas-2001-2014'):
    sc = server.get_json('/v1/scenarios/' + name)
    n = len(sc['steps'])
    driver.find_element(By.ID, 'tab-exercises').click()
    link = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f'#scenario-list a[data-scenario="{name}"]'),
                f'the exercise list does not offer {name}')[0]
    if 'view=exercises' not in driver.current_url:
        raise Failure(f'the URL does not show the exercises view: {driver.current_url}')
    link.click()
    wait(driver, lambda d: text(d, '#step-counter').startswith('Briefing'), f'opening {name} should show its briefing first')
    if sc['briefing'].split('\n')[0][:30] not in text(driver, '#stage'):
        raise Failure('the briefing text is not shown')
    handout = driver.find_element(By.CSS_SELECTOR, 'a.handout-link')
    if handout.text != 'Download handout (Markdown)':
        raise Failure(f'the handout link reads {handout.text!r}')
    href = handout.get_attribute('href')
    status, ctype, body = server.get(href[len(server.url) - 1:])
    if status != 200 or 'markdown' not in ctype or not body.startswith(b'# '):
        raise Failure(f'the handout link {href} answered {status} {ctype!r} {body[:60]!r}')
    keys = [Keys.SPACE, Keys.ENTER, Keys.ARROW_RIGHT]
    presses = 0

    def press():
        nonlocal presses
        ActionChains(driver).send_keys(keys[presses % len(keys)]).perform()
        presses += 1

    revealed_shot = False
    for i in range(1, n + 1):
        press()   # next step
        wait(driver, lambda d: text(d, '#step-counter') == f'Step {i} of {n}'
             and d.find_element(By.ID, 'reveal-slot').get_attribute('data-revealed') == 'false',
             f'a key press should go to step {i} of {n} with its decision hidden')
        step = sc['steps'][i - 1]
        stage = text(driver, '#stage')
        if step['title'] not in stage:
            raise Failure(f'step {i}: the title {step["title"]!r} is not shown')
        for c in step.get('changed', []):
            if c not in stage:
                raise Failure(f'step {i}: "what changes" lacks {c!r}')
        if text(driver, '#reveal-slot .headline'):
            raise Failure(f'step {i}: the decision is shown before it is revealed')
        press()   # reveal
        want = HEADLINE_WORDS[step['decision']['headline']]
        wait(driver, lambda d: text(d, '#reveal-slot .headline .hl-words') == want,
             f'step {i}: a key press should reveal the decision {want!r}')
        if not revealed_shot and step['decision']['headline'] == 'vetoed':
            driver.execute_script('window.scrollTo(0, 0)')
            shot(driver, args, 'workbench-exercise-step.png')
            revealed_shot = True
    if not revealed_shot:
        shot(driver, args, 'workbench-exercise-step.png')
    press()   # past the end: nothing changes
    time.sleep(0.3)
    last = sc['steps'][-1]
    counter = text(driver, '#step-counter')
    if counter != f'Step {n} of {n}':
        raise Failure(f'after the last step the counter says {counter!r}, expected "Step {n} of {n}"')
    shown = text(driver, '#reveal-slot .headline .hl-words')
    if shown != HEADLINE_WORDS[last['decision']['headline']]:
        raise Failure(f'the last step shows {shown!r}, expected {HEADLINE_WORDS[last["decision"]["headline"]]!r}')
    log(f'6. exercise {name}: played to "Step {n} of {n}" with {presses} key presses, last decision {shown}: ok')


def check_decision_point(driver, server, name='armenia-path-out', step=5, option='stay-frozen'):
    """At a step with a decision point, pressing an option shows the path that takes it."""
    first = server.get_json(f'/v1/scenarios/{name}')
    other = server.get_json(f'/v1/scenarios/{name}?choose={option}')
    branch = first['steps'][step - 1].get('branch')
    if not branch or branch['chosen'] == option:
        raise Failure(f'{name} step {step} should have a decision point whose first option is not {option}')
    driver.get(f'{server.url}?view=exercises&scenario={name}&step={step}&reveal=1')
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '#decision-point button.option'),
         f'{name} step {step}: the decision point is not shown with its options')
    pressed = [b.get_attribute('data-option') for b in driver.find_elements(By.CSS_SELECTOR, '#decision-point button.option')
               if b.get_attribute('aria-pressed') == 'true']
    if pressed != [branch['chosen']]:
        raise Failure(f'the option taken should be {branch["chosen"]!r}, the page marks {pressed}')
    driver.find_element(By.CSS_SELECTOR, f'#decision-point button[data-option="{option}"]').click()
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, f'#decision-point button[data-option="{option}"]')
         .get_attribute('aria-pressed') == 'true' and f'choose={option}' in d.current_url,
         f'pressing {option!r} should take it (and keep it in the URL)')
    driver.find_element(By.ID, 'advance').click()
    want = other['steps'][step]['title']
    wait(driver, lambda d: want in text(d, '#stage') and text(d, '#step-counter') == f'Step {step + 1} of {len(other["steps"])}',
         f'after choosing {option!r} the next step should be {want!r}')
    log(f'6b. decision point: {name} step {step}, option {option!r} -> "{want[:50]}...": ok')


def check_clauses(driver, server, args, instrument='csto-infrastructure-protocol-2011'):
    data = server.get_json('/v1/clauses')
    mine = [c for c in data['clauses'] if c.get('instrument') == instrument]
    if not mine:
        raise Failure(f'/v1/clauses has no clause of the instrument {instrument}')
    driver.find_element(By.ID, 'tab-clauses').click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f'#c-instrument option[value="{instrument}"]'),
         f'the instrument filter does not offer {instrument}')
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, '#clause-list article.clause')) == len(data['clauses']),
         f'the clauses view should list all {len(data["clauses"])} clauses')
    Select(driver.find_element(By.ID, 'c-instrument')).select_by_value(instrument)
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, '#clause-list article.clause')) == len(mine),
         f'filtered by {instrument}, the list should have {len(mine)} clause(s)')
    for art in driver.find_elements(By.CSS_SELECTOR, '#clause-list article.clause'):
        if art.get_attribute('data-instrument') != instrument:
            raise Failure(f'filtered by {instrument}, the list shows {art.get_attribute("data-clause")}')
    body = text(driver, '#clause-list')
    for c in mine:
        if c['text'][:60] not in body:
            raise Failure(f'the text of {c["id"]} is not shown: expected {c["text"][:60]!r}')
        if c.get('source') and not driver.find_elements(By.CSS_SELECTOR, f'#clause-list a[href="{c["source"]}"]'):
            raise Failure(f'the source link of {c["id"]} is missing')
    if f'instrument={instrument}' not in driver.current_url or 'view=clauses' not in driver.current_url:
        raise Failure(f'the URL does not keep the clauses filter: {driver.current_url}')
    shot(driver, args, 'workbench-clauses.png')
    # text search and tag filter
    Select(driver.find_element(By.ID, 'c-instrument')).select_by_value('')
    type_into(driver, '#c-q', 'согласование')
    wait(driver, lambda d: [a.get_attribute('data-clause') for a in d.find_elements(By.CSS_SELECTOR, '#clause-list article.clause')]
         == [c['id'] for c in data['clauses'] if 'согласование' in (c.get('text', '') + c.get('title', '') + c.get('notes', '') + c.get('because', '')).lower()],
         'a text search for "согласование" should show the clauses that contain it')
    log(f'7. clauses: filtered by {instrument}, text and source shown; text search works: ok')


def check_token_and_reload(driver, args):
    """A server with --token-file and a copy of the rules: the page asks for the token, and shows a
    banner while the rules on disk have an error."""
    tmp = tempfile.mkdtemp(prefix='accord-browser-test-')
    server = None
    try:
        rules = os.path.join(tmp, 'rules')
        shutil.copytree(os.path.join(args.repo, 'rules'), rules)
        token_file = os.path.join(tmp, 'token')
        with open(token_file, 'w') as f:
            f.write('browser-test-token\n')
        server = Server(args.bin, args.repo, rules=rules, extra=['--token-file', token_file])
        driver.get(server.url + '?action=basing&date=2026-03-01&actor=United+States&host=Kyrgyzstan&site=manas')
        wait(driver, lambda d: d.find_element(By.ID, 'auth').is_displayed(),
             'a server answering 401 should make the page ask for an access token')
        if not driver.find_elements(By.CSS_SELECTOR, 'label[for="auth-token"]'):
            raise Failure('the access token input has no <label>')
        type_into(driver, '#auth-token', 'wrong-token').submit()
        wait(driver, lambda d: d.find_element(By.ID, 'auth').is_displayed() and 'did not accept' in text(d, '#auth-message'),
             'a wrong token should be refused and asked for again')
        type_into(driver, '#auth-token', 'browser-test-token').submit()
        wait(driver, lambda d: not d.find_element(By.ID, 'auth').is_displayed(), 'the token form should close')
        wait_headline(driver, 'NEEDS NO OBJECTION', 'with the right token, the proposal in the URL')
        if driver.execute_script("return sessionStorage.getItem('accord-token')") != 'browser-test-token':
            raise Failure('the token is not kept in sessionStorage')
        # break a rules file: the server keeps the previous rules and the page says so
        victim = os.path.join(rules, 'csto', 'cst-1992.yaml')
        with open(victim) as f:
            original = f.read()
        with open(victim, 'a') as f:
            f.write('  - id: [broken\n')
        line = original.count('\n') + 1
        status = {}

        def banner_shown(d):
            b = d.find_element(By.ID, 'reload-banner')
            return b.is_displayed() and 'The rules on disk have an error; still serving the previous rules' in b.text
        wait(driver, banner_shown, 'a rules file with a syntax error should show the reload-error banner', timeout=30)
        banner = text(driver, '#reload-banner')
        status = server.get_json_token('/v1/status', 'browser-test-token')
        err = status.get('last_reload_error') or {}
        if f'cst-1992.yaml:{line}:' not in banner or (err.get('message') and err['message'] not in banner):
            raise Failure(f'the banner should name {victim}:{line} and the message {err.get("message")!r}; it says {banner!r}')
        with open(victim, 'w') as f:
            f.write(original)
        wait(driver, lambda d: not d.find_element(By.ID, 'reload-banner').is_displayed(),
             'the banner should go away once the rules are fixed', timeout=30)
        log('8. access token asked for on 401 and kept; rules error banner shown and cleared: ok')
    finally:
        if server:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def check_no_banner(driver):
    if driver.find_element(By.ID, 'reload-banner').is_displayed():
        raise Failure('the rules-error banner is shown although /v1/status reports no reload error: '
                      + text(driver, '#reload-banner'))


# ------------------------------------------------------------------ main

def tools_missing(accord_bin):
    """Logs and returns True when the accord binary, chromium or chromedriver is missing."""
    for path, what in [(accord_bin, 'accord binary'), (CHROMIUM, 'chromium'), (CHROMEDRIVER, 'chromedriver')]:
        if not os.access(path, os.X_OK):
            log(f'FAIL: no {what} at {path}')
            return True
    return False


def time_limit(seconds):
    """Fails the test (raises Failure in the main thread) once it has run `seconds`."""
    def timeout(signum, frame):
        raise Failure(f'the test took longer than {seconds} s')
    signal.signal(signal.SIGALRM, timeout)
    signal.alarm(seconds)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--bin', required=True, help='the accord binary (build/accord)')
    ap.add_argument('--repo', required=True, help='the repository (rules/, scenarios/)')
    ap.add_argument('--screenshots', help='write PNG screenshots into this directory')
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    args.repo = os.path.abspath(args.repo)
    if args.screenshots:
        args.screenshots = os.path.abspath(args.screenshots)
    if tools_missing(args.bin):
        return 1
    time_limit(TOTAL_SECONDS)

    t0 = time.monotonic()
    server = None
    browsers = []
    try:
        server = Server(args.bin, args.repo)
        b = Browser()
        browsers.append(b)
        check_manas_2026(b.driver, server, args)
        url = check_russia_objects(b.driver, args)
        check_no_banner(b.driver)
        b.quit()
        browsers.remove(b)
        b = Browser()        # a new session with a fresh profile: only the URL carries the state
        browsers.append(b)
        check_reopen(b.driver, url)
        check_typed_russia(b.driver)
        check_unknown_party(b.driver)
        check_reading(b.driver)
        check_exercise(b.driver, server, args)
        check_decision_point(b.driver, server)
        check_clauses(b.driver, server, args)
        check_token_and_reload(b.driver, args)
        b.quit()
        browsers.remove(b)
        if server.proc.poll() is not None:
            raise Failure('the server exited during the test' + server.tail())
    except Failure as e:
        log('FAIL: ' + str(e))
        return 1
    except Exception as e:  # selenium and other surprises: still a clear failure, still cleaned up
        log(f'FAIL: {type(e).__name__}: {e}' + (server.tail() if server else ''))
        return 1
    finally:
        signal.alarm(0)
        for b in browsers:
            try:
                b.driver.quit()
            except Exception:
                pass
            shutil.rmtree(b.profile, ignore_errors=True)
        if server:
            server.stop()
    log(f'PASS ({time.monotonic() - t0:.1f} s)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
