#!/usr/bin/env python3
"""Two-browser test of a live role-play room (room.html), served by `accord serve`.

Starts `BIN serve --rules REPO/rules --scenarios REPO/tests/data/rooms --addr 127.0.0.1:0`, and
two headless Chromium processes with separate profiles (a facilitator and a team), and checks:

  1. the facilitator opens the exercise manas-2026-live in the workbench's Exercises tab and
     clicks "Start a live room": the facilitator screen shows the room code, NEEDS NO OBJECTION,
     the tally and a link per team;
  2. the team Moscow opens its link: its brief and Russia's stance buttons, the inject; no
     decision, debrief, instructor note or other team's brief anywhere on its page;
  3. the team clicks Russia = object: the facilitator screen shows VETOED within 1 s of the
     click (measured from the click to the moment the page drew the headline; asserted), and
     the team's page still shows no decision;
  4. the server refuses the team's token for Kazakhstan's state (403, message verbatim);
  5. the facilitator reveals: the team sees VETOED and the debrief; the facilitator chooses the
     option "offer": the team sees the next inject, the decision hidden again, and Russia's
     stance set by the inject (consent), which the facilitator's tally shows too.

Usage: python3 tests/serve/room_browser_test.py --bin build/accord --repo /work/main [--screenshots DIR]
Exit status 0 on success; 1 with a message on the first failed check.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_test as bt  # noqa: E402  (re-runs under the system python when selenium is elsewhere)
from browser_test import Browser, Failure, text, wait  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

TOTAL_SECONDS = 150
EXERCISE = 'manas-2026-live'
VETO_WITHIN_MS = 1000


def log(msg):
    print(f'room_browser_test: {msg}', flush=True)


class Server:
    """accord serve on a free loopback port, with the rooms' exercise directory."""

    def __init__(self, binary, repo):
        self.stderr = tempfile.TemporaryFile()
        cmd = [binary, 'serve', '--rules', os.path.join(repo, 'rules'),
               '--scenarios', os.path.join(repo, 'tests', 'data', 'rooms'), '--addr', '127.0.0.1:0']
        log('starting: ' + ' '.join(cmd))
        self.proc = subprocess.Popen(cmd, cwd=repo, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.stderr)
        first = []
        got = threading.Event()

        def read():
            try:
                first.append(self.proc.stdout.readline().decode('utf-8', 'replace'))
                got.set()
                for _ in self.proc.stdout:  # keep the pipe drained
                    pass
            finally:
                got.set()

        threading.Thread(target=read, daemon=True).start()
        m = re.fullmatch(r'listening on (http://127\.0\.0\.1:\d+/)\n?', first[0]) if got.wait(10) and first else None
        if not m:
            self.stop()
            raise Failure(f'the server did not print "listening on http://127.0.0.1:PORT/": {first!r}')
        self.url = m.group(1)
        log('server at ' + self.url)

    def post(self, path, body):
        req = urllib.request.Request(self.url.rstrip('/') + path, data=json.dumps(body).encode(),
                                     headers={'Content-Type': 'application/json'}, method='POST')
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.stderr.close()


def words(driver, css):
    return text(driver, css + ' .hl-words')


def shot(driver, args, name):
    if args.screenshots:
        os.makedirs(args.screenshots, exist_ok=True)
        driver.save_screenshot(os.path.join(args.screenshots, name))


def start_room(fac, server, args):
    fac.get(server.url + '?view=exercises')
    link = wait(fac, lambda d: d.find_elements(By.CSS_SELECTOR, f'#scenario-list a[data-scenario="{EXERCISE}"]'),
                f'the exercise list does not offer {EXERCISE}')[0]
    link.click()
    button = wait(fac, lambda d: d.find_elements(By.ID, 'start-room'), 'the exercise has no "Start a live room" button')[0]
    if button.text != 'Start a live room':
        raise Failure(f'the button reads {button.text!r}')
    button.click()
    wait(fac, lambda d: '/room.html#room=' in d.current_url and words(d, '#room-decision') == 'NEEDS NO OBJECTION',
         'the facilitator screen should open and show NEEDS NO OBJECTION')
    code = text(fac, '#room-code')
    if not re.fullmatch(r'[A-HJ-NP-Z2-9]{6}', code):
        raise Failure(f'the room code shown is {code!r}')
    tally = text(fac, '#room-tally')
    for name in ['Armenia', 'Belarus', 'Kazakhstan', 'Russia', 'Tajikistan']:
        if name not in tally:
            raise Failure(f'the tally does not name {name}: {tally!r}')
    links = {e.get_attribute('data-team'): e.get_attribute('value') for e in fac.find_elements(By.CSS_SELECTOR, 'input.team-link')}
    if sorted(links) != ['Astana', 'Moscow'] or not all(v.startswith(server.url + 'room.html#room=' + code + '&token=') for v in links.values()):
        raise Failure(f'the facilitator screen should show a link per team; it shows {links!r}')
    log(f'1. facilitator started room {code}: NEEDS NO OBJECTION, tally, links for {", ".join(sorted(links))}: ok')
    shot(fac, args, 'room-facilitator-start.png')
    return code, links


def open_team(team, link):
    team.get(link)
    wait(team, lambda d: text(d, 'h1') == 'Team Moscow', 'the team link should open the screen of the team Moscow')
    page = text(team, '#room')
    for want in ['You want no US base in Central Asia', "Bishkek receives Washington's request", 'diplomatic note']:
        if want not in page:
            raise Failure(f'the team screen lacks {want!r}:\n{page}')
    for secret in ['NEEDS NO OBJECTION', 'one objection is a veto', 'Let the teams speak', 'an objection costs you both',
                   'Washington offers nothing']:
        if secret in page:
            raise Failure(f'the team screen shows {secret!r} before the reveal')
    if team.find_elements(By.CSS_SELECTOR, '#room-decision') or team.find_elements(By.CSS_SELECTOR, '[data-party="KAZ"]'):
        raise Failure('the team screen shows a decision or another team\'s state')
    log('2. team Moscow: brief, inject and Russia\'s buttons; no decision, debrief, notes or other brief: ok')


def veto(fac, team, args):
    button = team.find_element(By.CSS_SELECTOR, 'button[data-party="RUS"][data-stance="object"]')
    if button.text != 'Object':
        raise Failure(f'the stance button reads {button.text!r}')
    clicked_at = team.execute_script('return Date.now()')
    t0 = time.monotonic()
    button.click()
    wait(fac, lambda d: words(d, '#room-decision') == 'VETOED', 'the facilitator screen did not show VETOED within 1 s of the click',
         timeout=VETO_WITHIN_MS / 1000)
    seen_s = time.monotonic() - t0
    shown_at = int(fac.find_element(By.ID, 'room-decision').get_attribute('data-shown-at'))
    latency = shown_at - clicked_at
    if not 0 <= latency <= VETO_WITHIN_MS:
        raise Failure(f'the facilitator screen drew VETOED {latency} ms after the click (at most {VETO_WITHIN_MS})')
    by = text(fac, '#room-decision .hl-by')
    if by != 'by Russia':
        raise Failure(f'the VETOED headline should say "by Russia"; it says {by!r}')
    wait(team, lambda d: d.find_element(By.CSS_SELECTOR, 'button[data-party="RUS"][data-stance="object"]').get_attribute('aria-pressed') == 'true',
         'the team\'s Object button should show as pressed')
    if 'VETOED' in text(team, '#room') or team.find_elements(By.CSS_SELECTOR, '#room-decision'):
        raise Failure('the team screen shows the decision before the reveal')
    log(f'3. team set Russia = object: facilitator showed VETOED {latency} ms after the click '
        f'(seen by the test after {seen_s * 1000:.0f} ms); the team still sees no decision: ok')
    shot(fac, args, 'room-facilitator-vetoed.png')
    shot(team, args, 'room-team.png')
    return latency


def refuse_other_state(server, code, link):
    token = link.split('&token=')[1]
    status, body = server.post(f'/v1/rooms/{code}/position', {'token': token, 'party': 'KAZ', 'stance': 'object'})
    want = "the team 'Moscow' plays Russia (RUS), not Kazakhstan (KAZ)"
    if status != 403 or body['error']['message'] != want:
        raise Failure(f'setting Kazakhstan with Moscow\'s token answered {status} {body!r}, expected 403 {want!r}')
    log('4. Moscow\'s token cannot set Kazakhstan: 403 "' + want + '": ok')


def reveal_and_advance(fac, team):
    fac.find_element(By.ID, 'room-reveal').click()
    wait(team, lambda d: words(d, '#room-decision') == 'VETOED' and 'one objection is a veto' in text(d, '#room-debrief'),
         'after the reveal the team should see VETOED and the debrief')
    if 'Let the teams speak' in text(team, '#room'):
        raise Failure('the team screen shows the instructor notes')
    fac.find_element(By.CSS_SELECTOR, 'button[data-option="offer"]').click()
    wait(team, lambda d: text(d, '#inject-title') == 'Moscow is consulted and consents' and not d.find_elements(By.CSS_SELECTOR, '#room-decision'),
         'after the facilitator chose "offer", the team should see the next inject with the decision hidden')
    wait(team, lambda d: d.find_element(By.CSS_SELECTOR, 'fieldset[data-party="RUS"]').get_attribute('data-stance') == 'consent',
         'the inject sets Russia\'s position (consent) over the team\'s objection')
    wait(fac, lambda d: words(d, '#room-decision') == 'NEEDS NO OBJECTION' and 'Russia' in text(d, '#room-tally [data-tally="consented"]'),
         'the facilitator should see NEEDS NO OBJECTION with Russia consenting')
    log('5. reveal: the team sees VETOED and the debrief; option "offer": next inject, decision hidden, the inject\'s stance wins: ok')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--bin', required=True)
    ap.add_argument('--repo', required=True)
    ap.add_argument('--screenshots')
    args = ap.parse_args()
    args.bin, args.repo = os.path.abspath(args.bin), os.path.abspath(args.repo)
    if bt.tools_missing(args.bin):
        return 1
    bt.time_limit(TOTAL_SECONDS)
    t0 = time.monotonic()
    server, browsers = None, []
    try:
        server = Server(args.bin, args.repo)
        fac = Browser()
        browsers.append(fac)
        team = Browser()  # its own Chromium process and profile: another device
        browsers.append(team)
        code, links = start_room(fac.driver, server, args)
        open_team(team.driver, links['Moscow'])
        latency = veto(fac.driver, team.driver, args)
        refuse_other_state(server, code, links['Moscow'])
        reveal_and_advance(fac.driver, team.driver)
        for b in list(browsers):
            browsers.remove(b)
            b.quit()  # fails on JavaScript errors in the console
        if server.proc.poll() is not None:
            raise Failure('the server exited during the test')
    except Failure as e:
        log('FAIL: ' + str(e))
        return 1
    except Exception as e:  # selenium and other surprises: still a clear failure, still cleaned up
        log(f'FAIL: {type(e).__name__}: {e}')
        return 1
    finally:
        signal.alarm(0)
        for b in browsers:
            try:
                b.driver.quit()
            except Exception:
                pass
            b.stop_processes()
        if server:
            server.stop()
    log(f'PASS ({time.monotonic() - t0:.1f} s; facilitator saw the veto {latency} ms after the click)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
