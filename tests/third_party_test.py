#!/usr/bin/env python3
"""third_party_test.py -- no third-party code reaches an artefact without its notice.

    python3 tests/third_party_test.py --manifest BUILD/generated/third_party_manifest.tsv
                                      --notices BUILD/generated/THIRD_PARTY_NOTICES.txt --ninja NINJA

Three checks, each printing one line per problem:
  check      cmake/third_party.cmake refuses what no component claims: tests/third_party/ is
             configured with an unclaimed library, target, include directory, embedded file,
             Emscripten port and a tests-only component in a shipped artefact (each must fail,
             naming it), and once with claimed parts only (must succeed).
  headers    every header the compiler read for this build (ninja's dependency log) belongs to our
             repository or build tree, or to a Debian package (source package, for .cache/) of a
             component the reading target links, directly or through its links.
  notices    THIRD_PARTY_NOTICES.txt names every component an artefact reaches, each with copyright
             and licence text, and names no component the build does not ship.
Exit status 0 when all pass. Debian's /usr/bin/python3, standard library only.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
problems = []


def problem(text):
    problems.append(text)
    print(f'FAIL {text}')


def read_manifest(path):
    m = {'artefacts': [], 'targets': {}, 'links': {}, 'components': {}}
    with open(path, encoding='utf-8') as f:
        for line in f:
            parts = line.rstrip('\n').split('\t')
            if parts[0] in ('build', 'source_dir', 'binary_dir'):
                m[parts[0]] = parts[1]
            elif parts[0] == 'artefact':
                m['artefacts'].append((parts[1], parts[2], [c for c in parts[3].split(',') if c]))
            elif parts[0] == 'target':
                m['targets'][parts[1]] = [c for c in parts[2].split(',') if c]
            elif parts[0] == 'link':
                m['links'].setdefault(parts[1], []).append(parts[2])
            elif parts[0] == 'component':
                fields = dict(item.partition('=')[::2] for item in parts[2:])
                fields['PACKAGES'] = [p for p in fields.get('PACKAGES', '').split('|') if p]
                m['components'][parts[1]] = fields
    return m


# [SECTION] check: the configure-time check refuses unclaimed parts --------------------------------

CASES = {
    'claimed': None,
    'unclaimed_library': 'the library /usr/lib/x86_64-linux-gnu/libpng16.so',
    'unclaimed_target': 'system-include/png',
    'unclaimed_include': 'the include directory /usr/include/nlohmann',
    'unclaimed_embed': 'generated/strideconv_sound_beep.cpp',
    'unclaimed_port': 'the link option -sUSE_SDL=2',
    'tests_only_shipped': 'reaches doctest, which is for tests only',
}


def check_the_check():
    for case, expected in CASES.items():
        with tempfile.TemporaryDirectory(prefix='third_party_check_') as build:
            run = subprocess.run(['cmake', '-S', os.path.join(REPO, 'tests', 'third_party'), '-B', build,
                                  f'-DCASE={case}'], capture_output=True, text=True)
            output = ' '.join((run.stdout + run.stderr).split())
            if expected is None:
                if run.returncode != 0:
                    problem(f'check: the claimed case was refused: {output[-400:]}')
                    continue
                manifest = read_manifest(os.path.join(build, 'manifest.tsv'))
                reached = manifest['artefacts'][0][2] if manifest['artefacts'] else []
                for component in ('imgui', 'highway', 'system'):
                    if component not in reached:
                        problem(f'check: the claimed case does not record {component} (got {reached})')
            elif run.returncode == 0:
                problem(f'check: {case} was accepted; it must stop the configure step')
            elif expected not in output or 'cmake/third_party.cmake' not in output:
                problem(f'check: {case} failed without naming "{expected}": {output[-400:]}')
    print(f'check: {len(CASES)} cases')


# [SECTION] headers: what the compiler read -----------------------------------------------------------

def closure(manifest, target):
    seen, stack, components = set(), [target], set()
    while stack:
        t = stack.pop()
        if t in seen:
            continue
        seen.add(t)
        components.update(manifest['targets'].get(t, []))
        stack.extend(manifest['links'].get(t, []))
    return components


def check_headers(manifest, ninja):
    binary_dir, source_dir = manifest['binary_dir'], manifest['source_dir']
    # .cache is a symlink in worktrees (to the main checkout's): compare real paths.
    cache_dir = os.path.realpath(os.path.join(source_dir, '.cache')) + os.sep
    deps = subprocess.run([ninja, '-C', binary_dir, '-t', 'deps'], capture_output=True, text=True, check=True).stdout
    reads = {}  # target -> set of header paths
    target = None
    for line in deps.splitlines():
        if line and not line.startswith(' '):
            match = re.match(r'CMakeFiles/([^/]+)\.dir/', line)
            target = match.group(1) if match else None
        elif line.strip() and target:
            reads.setdefault(target, set()).add(line.strip())
    if not reads:
        problem(f'headers: ninja -t deps lists no objects in {binary_dir} (build it first)')
        return
    owner = {}  # real path -> package, '' for ours
    outside = set()
    for paths in reads.values():
        for path in paths:
            real = os.path.realpath(path)
            if real.startswith(cache_dir):
                match = re.match(r'[^/]+-src/([a-z0-9][a-z0-9.+-]*?)-\d', real[len(cache_dir):])
                owner[path] = match.group(1) if match else '?' + real
            elif (real + '/').startswith(source_dir + '/') or real.startswith(binary_dir + '/'):
                owner[path] = ''
            else:
                outside.add(real)
                owner[path] = real
    packages = {}
    if outside:
        found = subprocess.run(['dpkg-query', '-S', *sorted(outside)], capture_output=True, text=True).stdout
        for line in found.splitlines():
            package, _, path = line.partition(': ')
            for p in path.split(', '):
                packages.setdefault(p.strip(), package.split(':')[0].split(',')[0].strip())
    unexplained = {}
    for target_name, paths in sorted(reads.items()):
        if target_name not in manifest['targets']:
            continue  # not linked into any executable (e.g. an object library of a tool)
        allowed = set()
        for component in closure(manifest, target_name):
            allowed.update(manifest['components'].get(component, {}).get('PACKAGES', []))
        for path in sorted(paths):
            who = owner[path]
            if who == '':
                continue
            package = packages.get(who, who) if who.startswith('/') else who
            if package.startswith('/') or package.startswith('?'):
                unexplained.setdefault((target_name, f'{path} (no Debian package owns it)'), None)
            elif not any(re.fullmatch(pattern, package) for pattern in allowed):
                unexplained.setdefault((target_name, f'{path} from {package}'), None)
    shown = 0
    for (target_name, what) in unexplained:
        if shown < 20:
            problem(f'headers: {target_name} reads {what}, which no component it links names '
                    '(cmake/third_party.cmake, PACKAGES)')
        shown += 1
    if shown > 20:
        problem(f'headers: {shown - 20} more')
    total = sum(len(p) for p in reads.values())
    print(f'headers: {len(reads)} targets, {total} header reads, {len(outside)} files outside the repository')


# [SECTION] notices: the generated text ------------------------------------------------------------

def check_notices(manifest, notices_path):
    with open(notices_path, encoding='utf-8') as f:
        text = f.read()
    sections = re.split(r'\n={78}\n', text)
    # Sections alternate: title, body. The first block is the summary.
    titles = {sections[i].strip(): sections[i + 1] for i in range(1, len(sections) - 1, 2)}
    shipped = set()
    for _, label, components in manifest['artefacts']:
        if f'{label}' not in text.split('\n', 1)[0]:
            problem(f'notices: the first line does not name the artefact "{label}"')
        shipped.update(components)
    expected = {c for c in shipped
                if c in manifest['components'] and not manifest['components'][c].get('NO_NOTICE') and c != 'lab'}
    for component in sorted(expected):
        name = manifest['components'][component]['NAME']
        body = next((b for t, b in titles.items() if t.startswith(name)), None)
        if body is None:
            problem(f'notices: no section for {name} ({component}), which an artefact reaches')
            continue
        if 'Copyright' not in body or 'License:' not in body:
            problem(f'notices: the section for {name} has no copyright or licence text')
        license_bodies = re.findall(r'^License: .*\n((?:  .*\n|\n)+)', body, flags=re.M)
        if not any(len(b.strip()) > 100 for b in license_bodies):
            problem(f'notices: the section for {name} quotes no licence text')
    for component, info in manifest['components'].items():
        if component not in shipped and info.get('NAME') and any(t.startswith(info['NAME'] + ' ') or t == info['NAME'] for t in titles):
            problem(f'notices: {info["NAME"]} has a section but no artefact of this build reaches it')
    if not text.startswith('Stride Convolution Lab '):
        problem('notices: the first line does not name the lab and its version')
    print(f'notices: {len(expected)} components in {os.path.basename(notices_path)}')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--manifest', required=True)
    parser.add_argument('--notices', required=True)
    parser.add_argument('--ninja', required=True)
    args = parser.parse_args()
    manifest = read_manifest(args.manifest)
    check_the_check()
    check_headers(manifest, args.ninja)
    check_notices(manifest, args.notices)
    print(f'third_party_test: {len(problems)} problem(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
