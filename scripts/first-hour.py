#!/usr/bin/env python3
"""A new user's first hour, checked: clones the repository into an empty folder (no ../shared
beside it), runs every command shown in the README's code blocks, in order, and checks that each
exits as the README says and leaves nothing in the temporary directory. .ci/run calls it.

Usage: scripts/first-hour.py [REPO]    (REPO: a path or URL git can clone; default: this checkout's
committed HEAD). FIRST_HOUR_FULL=1 also runs `./peerwatch test` in the clone (CI runs the suite in
its own checkout already). Exit code 0 when every command did what the README says.

Every README command must have an expectation below; a command added to the README without one
fails the check, so the README and this script cannot drift apart.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNREACHABLE = "cannot reach Kafka at 127.0.0.1:9092 (connection refused)"

# command as written in the README -> (mode, expected exit codes, text its output must contain)
#   run: run to its end; interrupt: Ctrl-C once the output matches the text; full: only with FIRST_HOUR_FULL=1;
#   own: not run, the README shows it on the user's own files or hosts (e.g. a broker named kafka1)
EXPECT = {
    "./peerwatch demo": ("interrupt", {0, 130, 143}, r"\d\d:\d\d:\d\dZ  [A-Z0-9_]{5,}"),
    "./peerwatch test": ("full", {0}, ""),
    "./peerwatch classify samples/office-p2p.pcap": ("run", {0}, "BitTorrent"),
    "./peerwatch classify --json --only p2p,tunnel samples/office-p2p.pcap > flows.jsonl": ("run", {0}, ""),
    "./peerwatch analyze --pcap samples/office-p2p.pcap": ("run", {0}, "P2P_CLIENT"),
    "./peerwatch analyze --netflow samples/netflow-v9.pcap": ("run", {0}, "P2P_PORT_ACTIVITY"),
    "./peerwatch analyze --netflow samples/zeek-conn.log": ("run", {0}, "INTERNAL_SCAN"),
    "./peerwatch analyze --proxy-log samples/squid-access.log --blacklist samples/blacklist.hosts --tariff AUD:0.12":
        ("run", {0}, "VOLUME_QUOTA"),
    "./peerwatch analyze --pcap samples/office-p2p.pcap --netflow samples/netflow-v9.pcap --proxy-log samples/squid-access.log --link 2Mbit/s --report report.html":
        ("run", {0}, "report: report.html"),
    "./peerwatch run --bootstrap 127.0.0.1:9092 --internal 10.0.0.0/8,192.168.0.0/16": ("run", {1}, UNREACHABLE),
    "./peerwatch cluster up": ("run", {0}, "Kafka"),
    "./peerwatch run --cluster": ("run", {0}, ""),
    "./peerwatch cluster status": ("run", {0}, ""),
    "./peerwatch cluster stop JOB_ID": ("run", {0}, "with savepoint"),
    "./peerwatch run --cluster --from-savepoint PATH": ("run", {0}, ""),
    "./peerwatch cluster cancel JOB_ID": ("run", {0}, ""),
    "./peerwatch cluster down": ("run", {0}, ""),
    "./peerwatch sensor netflow --listen 0.0.0.0:2055 --bootstrap 127.0.0.1:9092": ("run", {1}, UNREACHABLE),
    "./peerwatch sensor proxy --follow /var/log/squid/access.log --bootstrap 127.0.0.1:9092": ("run", {1}, UNREACHABLE),
    "./peerwatch sensor pcap --interface eth1 --bootstrap 127.0.0.1:9092": ("run", {1}, UNREACHABLE),
    "./peerwatch sensor pcap --file samples/office-p2p.pcap --bootstrap 127.0.0.1:9092": ("run", {1}, UNREACHABLE),
    "./peerwatch policy export --format nftables --output peerwatch.nft": ("run", {0}, ""),
    "./peerwatch policy export --format iptables --output peerwatch.iptables": ("run", {0}, ""),
    "./peerwatch policy export --format squid-acl --blacklist docs/examples/policy/blacklist.txt --exempt docs/examples/policy/allow.txt --output peerwatch-acl.conf":
        ("run", {0}, ""),
    "./peerwatch policy export --format unbound --blacklist docs/examples/policy/blacklist.txt --output peerwatch-unbound.conf":
        ("run", {0}, ""),
    "./peerwatch policy export --format rpz --from-alerts docs/examples/policy/alerts.jsonl --since 0 --output peerwatch.rpz":
        ("run", {0}, ""),
    "./peerwatch policy export --format nftables --from-alerts docs/examples/policy/alerts.jsonl --since 0 --exempt docs/examples/policy/allow.txt":
        ("run", {0}, "table"),
    # the README's block "with your own captures and your own broker": files and hosts a clone does not have
    "./peerwatch analyze --pcap office.pcapng > alerts.jsonl": ("own", set(), ""),
    "./peerwatch policy export --format rpz --from-alerts alerts.jsonl --since 0 --output peerwatch.rpz": ("own", set(), ""),
    "./peerwatch policy export --format hosts --from-alerts peerwatch.alerts --bootstrap kafka1:9092 --since 24h \\":
        ("own", set(), ""),
}
# The first command builds the project in the clone.
TIMEOUT_S = 1800


def readme_commands(readme):
    """Lines of the README's fenced code blocks that run ./peerwatch, comments after '  #' cut."""
    out, fenced = [], False
    for line in open(readme, encoding="utf-8"):
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced and line.startswith("./peerwatch"):
            out.append(re.sub(r"\s+#.*$", "", line.rstrip("\n")).strip())
    return out


def leftovers(tmp):
    found = []
    for dirpath, dirnames, filenames in os.walk(tmp):
        found += [os.path.join(dirpath, n) for n in dirnames + filenames]
    return found


def port_open(port):
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def run(command, cwd, env, log, mode, pattern):
    """Runs one command in its own process group with Ctrl-C enabled; returns (exit code, output)."""
    with open(log, "w+b") as out:
        p = subprocess.Popen(["bash", "-c", command], cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.monotonic() + TIMEOUT_S
        interrupted = False
        while p.poll() is None:
            if time.monotonic() > deadline:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
                raise SystemExit(f"first-hour: '{command}' did not end within {TIMEOUT_S} s; log {log}")
            if mode == "interrupt" and not interrupted:
                out.flush()
                text = open(log, encoding="utf-8", errors="replace").read()
                if re.search(pattern, text):
                    os.killpg(p.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
                    interrupted = True
            time.sleep(0.5)  # polling a child process's output, not synchronising a test
        rc = p.returncode
    text = open(log, encoding="utf-8", errors="replace").read()
    if mode == "interrupt" and not interrupted:
        raise SystemExit(f"first-hour: '{command}' ended (exit {rc}) before printing /{pattern}/; log {log}")
    return rc, text


def check_runtime_needs_no_test_packages(clone, work):
    """Item 6: building and running installs nothing but Java and Maven, whatever dpkg says."""
    fake = os.path.join(work, "fakebin")
    os.makedirs(fake)
    for name, body in [("dpkg-query", "exit 1"), ("apt-get", "echo apt-get called >&2; exit 99"),
                       ("sudo", "echo sudo called >&2; exit 99")]:
        path = os.path.join(fake, name)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body + "\n")
        os.chmod(path, 0o755)
    env = dict(os.environ, PATH=fake + ":" + os.environ["PATH"])
    r = subprocess.run([os.path.join(clone, "scripts/install-deps.sh"), "--quiet", "--runtime"], env=env,
                       capture_output=True, text=True)
    if r.returncode != 0 or "called" in r.stderr:
        raise SystemExit("first-hour: install-deps.sh --runtime wants more than Java and Maven: " + r.stderr)
    print("ok    runtime installs only Java and Maven (scripts/install-deps.sh --runtime, no apt-get)")


def main():
    repo = sys.argv[1] if len(sys.argv) > 1 else ROOT
    work = tempfile.mkdtemp(prefix="peerwatch-first-hour-")
    clone, tmp, logs = (os.path.join(work, d) for d in ("clone", "tmp", "logs"))
    os.makedirs(tmp)
    os.makedirs(logs)
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", repo, clone], check=True)
    if os.path.exists(os.path.join(work, "shared")):
        raise SystemExit("first-hour: ../shared exists beside the clone")
    env = dict(os.environ, TMPDIR=tmp)
    env.pop("CI", None)  # a user's shell, not CI
    print(f"first-hour: clone in {clone}, TMPDIR={tmp}, logs in {logs}")
    check_runtime_needs_no_test_packages(clone, work)

    commands = readme_commands(os.path.join(clone, "README.md"))
    unknown = [c for c in commands if c not in EXPECT]
    if unknown:
        raise SystemExit("first-hour: README commands without an expectation here: " + "; ".join(unknown))
    failures = []
    job_id = None
    savepoint = None
    for i, command in enumerate(commands):
        mode, codes, pattern = EXPECT[command]
        if mode == "full" and not os.environ.get("FIRST_HOUR_FULL"):
            print(f"skip  {command}  (the suite; .ci/run runs it, FIRST_HOUR_FULL=1 runs it here too)")
            continue
        if mode == "own":
            print(f"skip  {command}  (the README's example on the user's own files or hosts)")
            continue
        if "127.0.0.1:9092" in command and port_open(9092):
            raise SystemExit("first-hour: something listens on 127.0.0.1:9092; the README's examples assume no broker there")
        actual = command.replace("JOB_ID", job_id) if "JOB_ID" in command else command
        if "JOB_ID" in command and job_id is None:
            failures.append(f"{command}: no job id from './peerwatch run --cluster'")
            continue
        if "PATH" in command:
            if savepoint is None:
                failures.append(f"{command}: no savepoint path from './peerwatch cluster stop'")
                continue
            actual = actual.replace("PATH", savepoint)
        log = os.path.join(logs, f"{i:02d}.log")
        started = time.monotonic()
        rc, text = run(actual, clone, env, log, mode, pattern)
        took = time.monotonic() - started
        problems = []
        if rc not in codes:
            problems.append(f"exit code {rc}, README says {sorted(codes)}")
        if mode == "run" and pattern and pattern not in text:
            problems.append(f"output lacks '{pattern}'")
        left = leftovers(tmp)
        if left:
            problems.append("left in the temporary directory: " + ", ".join(left[:5]))
            shutil.rmtree(tmp)
            os.makedirs(tmp)
        if command.startswith("./peerwatch run --cluster"):
            # the job submitted (and, with --from-savepoint, the resumed one) is what later commands name
            m = re.search(r"\b([0-9a-f]{32})\b", text)
            job_id = m.group(1) if m else None
        if command.startswith("./peerwatch cluster stop"):
            m = re.search(r"with savepoint (\S+)", text)
            savepoint = m.group(1) if m else None
        status = "FAIL" if problems else "ok"
        print(f"{status:5} {actual}  (exit {rc}, {took:.0f} s){': ' + '; '.join(problems) if problems else ''}")
        if problems:
            failures.append(f"{actual}: {'; '.join(problems)} (log {log})")
    # Whatever happened, stop a cluster the commands left running.
    if os.path.isdir(os.path.join(clone, ".peerwatch-cluster")):
        subprocess.run(["./peerwatch", "cluster", "down"], cwd=clone, env=env, capture_output=True)
    if failures:
        print("first-hour: FAILED\n  " + "\n  ".join(failures))
        return 1
    print(f"first-hour: every README command did what the README says; nothing left in TMPDIR ({len(commands)} commands)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
