#!/usr/bin/env python3
"""third_party_notices.py -- the lab's third-party notices, generated at build time.

    python3 scripts/third_party_notices.py --manifest M --license LICENSE --version V --out-dir DIR

M is the manifest cmake/third_party.cmake writes at configure time: which artefacts this build
ships, which components each reaches, and for each component its Debian package and which stanzas
of the package's DEP-5 copyright file cover what we use. Writes into DIR:

  THIRD_PARTY_NOTICES.txt    the lab's version and licence summary, then per component: name,
                             version (from dpkg), licence, what it does in the lab, which artefacts
                             carry it, and its copyright and licence text quoted from
                             /usr/share/doc/<package>/copyright; full texts the copyright files only
                             refer to (/usr/share/common-licenses/Apache-2.0, CC0-1.0) at the end.
  strideconv_notices.cpp/.h  the same text, the LICENSE, the version and a table of components,
                             compiled into teach (teach::about(): the About panel, --notices).

Every file is rewritten only when its content changes. Fails (exit 1, one line) when a copyright
file lacks a stanza or licence text the manifest asks for: no component ships without its notice.
Standard library only; Debian's /usr/bin/python3.
"""

import argparse
import ast
import os
import re
import subprocess
import sys
import textwrap

COMMON_LICENSES = '/usr/share/common-licenses'
RULE = '=' * 78


class NoticeError(Exception):
    pass


# [SECTION] Manifest ---------------------------------------------------------------------------

def read_manifest(path):
    build = {'artefacts': [], 'components': {}, 'order': []}
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            parts = line.split('\t')
            if parts[0] in ('build', 'source_dir', 'binary_dir'):
                build[parts[0]] = parts[1]
            elif parts[0] == 'artefact':
                build['artefacts'].append({'target': parts[1], 'label': parts[2],
                                           'components': [c for c in parts[3].split(',') if c]})
            elif parts[0] == 'component':
                fields = {}
                for item in parts[2:]:
                    key, _, value = item.partition('=')
                    fields[key] = value
                for key in ('STANZAS', 'DOCSTRINGS', 'EXTRA_LICENSES', 'PACKAGES'):
                    fields[key] = [v for v in fields.get(key, '').split('|') if v]
                build['components'][parts[1]] = fields
                build['order'].append(parts[1])
    return build


def package_version(package):
    if not package:
        return ''
    try:
        out = subprocess.run(['dpkg-query', '-W', '-f=${Version}', package], check=True,
                             capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise NoticeError(f'dpkg-query cannot tell the version of {package}: run scripts/setup.sh')
    return out


def upstream_version(debian_version):
    """1.86+ds-1+b1 -> 1.86; 0.0~git20220908.8b5f1f3+ds-1 -> 0.0~git20220908.8b5f1f3; 1:2.3-1 -> 2.3"""
    v = debian_version.split(':', 1)[-1]
    v = v.rsplit('-', 1)[0] if '-' in v else v
    return re.sub(r'[+~](ds|dfsg)\d*$', '', v)


# [SECTION] DEP-5 copyright files ----------------------------------------------------------------

def parse_dep5(path):
    """Paragraphs of a machine-readable copyright file as lists of (field, first line, continuation lines)."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    paragraphs = []
    for block in re.split(r'\n[ \t]*\n', text.strip('\n')):
        fields = []
        for line in block.split('\n'):
            if line.startswith('#'):
                continue
            if line[:1] in (' ', '\t') and fields:
                fields[-1][2].append(line)
            elif ':' in line:
                key, _, value = line.partition(':')
                fields.append((key.strip(), value.strip(), []))
            elif line.strip():
                raise NoticeError(f'{path}: cannot read the line {line!r}')
        if fields:
            paragraphs.append(fields)
    return paragraphs


def field(paragraph, name):
    for key, first, rest in paragraph:
        if key.lower() == name.lower():
            return first, rest
    return None


def continuation_text(lines):
    """DEP-5 continuation lines as plain text: one leading space off, ' .' is an empty line."""
    out = []
    for line in lines:
        body = line[1:] if line[:1] in (' ', '\t') else line
        out.append('' if body.strip() == '.' else body.rstrip())
    return '\n'.join(out)


def licence_names(expression):
    """'Expat or NCSA~Mozilla' -> ['Expat', 'NCSA~Mozilla']; 'Apache-2.0 with LLVM exception' -> [that]"""
    return [n.strip() for n in re.split(r'\s+(?:or|and)\s+', expression.strip().rstrip(',')) if n.strip()]


def common_licence_references(text):
    return re.findall(r'/usr/share/common-licenses/([A-Za-z0-9.+_-]+?)[\'"`.,]?(?:\s|$|\'|")', text + ' ')


def render_stanzas(component, path, wanted):
    """The Files paragraphs whose patterns include one of `wanted`, and the licence paragraphs they
    name. Returns (text, names of /usr/share/common-licenses files the text refers to)."""
    paragraphs = parse_dep5(path)
    files_paragraphs = [p for p in paragraphs if field(p, 'Files')]
    licence_paragraphs = {}
    for p in paragraphs:
        if not field(p, 'Files') and field(p, 'License') and not field(p, 'Format'):
            name, body = field(p, 'License')
            licence_paragraphs.setdefault(name.lower(), continuation_text(body))
    chosen = []
    for pattern in wanted:
        matches = [p for p in files_paragraphs
                   if pattern in ((field(p, 'Files')[0] + ' ' + ' '.join(field(p, 'Files')[1])).split())]
        if not matches:
            raise NoticeError(f'{path}: no "Files:" stanza covers {pattern!r} ({component})')
        for p in matches:
            if p not in chosen:
                chosen.append(p)
    out, needed, references = [], [], []
    for p in chosen:
        lines = []
        for key, first, rest in p:
            if key in ('Files', 'Copyright', 'License', 'License-Grant', 'Comment'):
                head = f'{key}: {first}'.rstrip()
                lines.append(head)
                if key == 'License' and rest:
                    lines.append(textwrap.indent(continuation_text(rest), '  '))
                elif rest:
                    lines.extend('  ' + l.strip() for l in rest if l.strip() != '.')
        out.append('\n'.join(lines))
        licence_name, body = field(p, 'License') or ('', [])
        if not licence_name:
            raise NoticeError(f'{path}: a stanza for {component} has no License field')
        if body:
            references += common_licence_references(continuation_text(body))
        else:
            for name in licence_names(licence_name):
                base = re.sub(r'\s+with\s+.*$', '', name, flags=re.I)
                if name.lower() not in needed and base.lower() not in needed:
                    needed.append(name.lower() if name.lower() in licence_paragraphs else base.lower())
    for name in needed:
        if name in licence_paragraphs:
            text = licence_paragraphs[name]
            display = next(first for p in paragraphs for key, first, _ in p
                           if key == 'License' and first.lower() == name and not field(p, 'Files'))
            out.append(f'License: {display}\n' + textwrap.indent(text, '  '))
            references += common_licence_references(text)
        elif os.path.exists(os.path.join(COMMON_LICENSES, name)):
            references.append(name)
        else:
            matches = [f for f in os.listdir(COMMON_LICENSES) if f.lower() == name]
            if not matches:
                raise NoticeError(f'{path}: no text for the licence {name!r} ({component})')
            references.append(matches[0])
    return '\n\n'.join(out), references


def photo_statements(specs):
    """scikit-image's statement about each sample photograph: the docstring of its loader in
    skimage/data/_fetchers.py, without the Returns section."""
    out = []
    for spec in specs:
        path, _, function = spec.rpartition(':')
        with open(path, encoding='utf-8') as f:
            tree = ast.parse(f.read(), path)
        doc = next((ast.get_docstring(node) for node in tree.body
                    if isinstance(node, ast.FunctionDef) and node.name == function), None)
        if not doc:
            raise NoticeError(f'{path}: no docstring for {function}()')
        doc = re.sub(r'\nReturns\n-+\n.*?(?=\n[A-Z][a-z]+\n-+\n|\Z)', '\n', doc, flags=re.S).strip()
        doc = re.sub(r'\n{3,}', '\n\n', doc)
        out.append(f'{function} (skimage.data.{function}(), from {path}):\n' + textwrap.indent(doc, '  '))
    return '\n\n'.join(out)


# [SECTION] Output -------------------------------------------------------------------------------

def build_notices(build, license_text, version):
    shipped = {}
    for artefact in build['artefacts']:
        for c in artefact['components']:
            shipped.setdefault(c, []).append(artefact['label'])
    noticed = [c for c in build['order'] if c in shipped
               and not build['components'][c].get('NO_NOTICE') and c != 'lab']
    labels = ', '.join(a['label'] for a in build['artefacts'])
    licence_line = license_text.strip().splitlines()[0]
    copyright_line = next((l for l in license_text.splitlines() if l.startswith('Copyright')), '')
    head = [
        f'Stride Convolution Lab {version} -- third-party notices ({build["build"]} build: {labels})',
        '',
        f'The lab itself: {licence_line}. {copyright_line}.',
        'The full text is in LICENSE, next to this file, and in the app (About).',
        '',
        'The lab compiles in, links or embeds the components below. Each one\'s copyright and',
        'licence text is quoted from its Debian package\'s copyright file (/usr/share/doc/PACKAGE/',
        'copyright), generated when the lab is built (scripts/third_party_notices.py).',
        '',
    ]
    rows, table = [], []
    for c in noticed:
        info = build['components'][c]
        debian_version = package_version(info.get('PACKAGE', ''))
        version_text = upstream_version(debian_version) if debian_version else ''
        info['version'] = version_text
        info['debian_version'] = debian_version
        info['artefacts'] = ', '.join(shipped[c])
        head.append(f'  {info["NAME"]} {version_text}'.rstrip())
        head.append(f'      {info["LICENSE"]}; {info["USE"]}')
        table.append(info)
    appendix = []
    for c in noticed:
        info = build['components'][c]
        text, references = render_stanzas(info['NAME'], info['COPYRIGHT'], info['STANZAS'])
        section = [RULE, f'{info["NAME"]} {info["version"]}'.rstrip(), RULE]
        if info.get('URL'):
            section.append(f'Upstream: {info["URL"]}')
        section.append(f'Licence: {info["LICENSE"]}')
        section.append(f'In the lab: {info["USE"]}')
        section.append(f'Carried by: {info["artefacts"]}')
        section.append(f'Debian package: {info["PACKAGE"]} {info["debian_version"]}; text from '
                       f'{info["COPYRIGHT"]} (Files: {", ".join(info["STANZAS"])})')
        section.append('')
        section.append(text)
        if info['DOCSTRINGS']:
            section += ['', 'What scikit-image says about each photograph:', '', photo_statements(info['DOCSTRINGS'])]
        for name in references + info['EXTRA_LICENSES']:
            if name not in appendix:
                appendix.append(name)
        rows.append('\n'.join(section))
    parts = ['\n'.join(head), *rows]
    for name in appendix:
        path = os.path.join(COMMON_LICENSES, name)
        if not os.path.exists(path):
            raise NoticeError(f'{path} not found (a licence the notices refer to)')
        with open(path, encoding='utf-8') as f:
            parts.append('\n'.join([RULE, f'Full text: {name} (from {path})', RULE, '', f.read().strip('\n')]))
    return '\n\n'.join(parts) + '\n', table


def cpp_string(text):
    out = []
    for ch in text:
        o = ord(ch)
        if ch == '\\': out.append('\\\\')
        elif ch == '"': out.append('\\"')
        elif ch == '\n': out.append('\\n')
        elif ch == '\t': out.append('\\t')
        elif ch == '?': out.append('\\?')  # no trigraphs
        elif 0x20 <= o < 0x7f: out.append(ch)
        else:
            for byte in ch.encode('utf-8'):
                out.append(f'\\{byte:03o}')
    return '"' + ''.join(out) + '"'


def cpp_chunks(text, size=2000):
    """A long text as an array of short literals (no literal longer than compilers must accept)."""
    chunks = [text[i:i + size] for i in range(0, len(text), size)] or ['']
    return '{\n' + ',\n'.join('    ' + cpp_string(c) for c in chunks) + ',\n    nullptr}'


HEADER = '''// Generated by scripts/third_party_notices.py from cmake/third_party.cmake's manifest. Do not edit.
// The lab's version, licence and third-party notices; teach/about.cpp is the one reader.
#pragma once

namespace strideconv::generated {

struct NoticeComponent {
    const char* id;
    const char* name;
    const char* version;    // upstream version of the Debian package, e.g. "1.86"
    const char* licence;    // short, e.g. "MIT"
    const char* use;        // what it does in the lab
    const char* url;
    const char* artefacts;  // which artefacts of this build carry it
};

extern const char* const kVersion;       // CMake's project(VERSION)
extern const char* const kBuild;         // "native" or "web"
extern const char* const kLicenseParts[];  // LICENSE, in pieces, ending with nullptr
extern const char* const kNoticesParts[];  // THIRD_PARTY_NOTICES.txt, in pieces, ending with nullptr
extern const NoticeComponent kComponents[];
extern const int kComponentCount;

}  // namespace strideconv::generated
'''


def build_cpp(version, build_kind, license_text, notices, table):
    rows = []
    for info in table:
        rows.append('    {' + ', '.join(cpp_string(v) for v in (
            info['id'], info['NAME'], info['version'], info['LICENSE'], info['USE'],
            info.get('URL', ''), info['artefacts'])) + '},')
    return f'''// Generated by scripts/third_party_notices.py from cmake/third_party.cmake's manifest. Do not edit.
#include "strideconv_notices.h"

namespace strideconv::generated {{

const char* const kVersion = {cpp_string(version)};
const char* const kBuild = {cpp_string(build_kind)};
const char* const kLicenseParts[] = {cpp_chunks(license_text)};
const char* const kNoticesParts[] = {cpp_chunks(notices)};
const NoticeComponent kComponents[] = {{
{chr(10).join(rows) if rows else '    {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr},'}
}};
const int kComponentCount = {len(rows)};

}}  // namespace strideconv::generated
'''


def write_if_changed(path, text):
    try:
        with open(path, encoding='utf-8') as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(path + '.tmp', 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(path + '.tmp', path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--manifest', required=True)
    parser.add_argument('--license', required=True)
    parser.add_argument('--version', required=True)
    parser.add_argument('--out-dir', required=True)
    args = parser.parse_args()
    try:
        build = read_manifest(args.manifest)
        for c, info in build['components'].items():
            info['id'] = c
        with open(args.license, encoding='utf-8') as f:
            license_text = f.read()
        notices, table = build_notices(build, license_text, args.version)
    except (NoticeError, OSError) as e:
        print(f'third_party_notices.py: {e}', file=sys.stderr)
        return 1
    write_if_changed(os.path.join(args.out_dir, 'THIRD_PARTY_NOTICES.txt'), notices)
    write_if_changed(os.path.join(args.out_dir, 'strideconv_notices.h'), HEADER)
    write_if_changed(os.path.join(args.out_dir, 'strideconv_notices.cpp'),
                     build_cpp(args.version, build['build'], license_text, notices, table))
    return 0


if __name__ == '__main__':
    sys.exit(main())
