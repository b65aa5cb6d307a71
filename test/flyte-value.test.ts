// Python semantics server/flyte relies on, checked against real Python:
// pathlib.PurePosixPath (str, name, suffix, parent) and the uv script header
// text that enters the image hash.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseUvScriptHeader, uvScriptHashText } from '../server/flyte/uvScript';
import { purePath, Unknowable } from '../server/flyte/value';

function python(code: string, input: unknown): unknown {
  return JSON.parse(execFileSync('python3', ['-c', code], { input: JSON.stringify(input), encoding: 'utf8' }));
}

describe('purePath is pathlib.PurePosixPath', () => {
  const PATHS = ['', '.', './', 'a', 'a/', 'a//b', './a/./b/', '../x', 'a/../b', '/', '//', '///', '//a/b', '///a', '/a/b.txt', 'req.TXT', '.bashrc', 'a.', 'a.b.c', 'x/.dockerignore', 'dir.d/', 'ü/é.py'];
  it('str, name, suffix, parent', () => {
    const want = python(
      'import json,sys,pathlib\nprint(json.dumps([[str(p), p.name, p.suffix, str(p.parent), p.is_absolute()] for p in map(pathlib.PurePosixPath, json.load(sys.stdin))]))',
      PATHS,
    );
    expect(PATHS.map((t) => { const p = purePath(t); return [p.str, p.name, p.suffix, p.parent, p.absolute]; })).toEqual(want);
  });
});

describe('uv script header', () => {
  const SCRIPTS = [
    '# /// script\n# requires-python = ">=3.12"\n# dependencies = ["httpx"]\n# ///\n',
    '#!/usr/bin/env -S uv run\n# /// script\n#dependencies = [\n#   "a>=1",  # why\n#   \'b\',\n# ]\n# ///\nprint()\n',
    '# /// script\n# dependencies = []\n# [tool.uv]\n# ///\n',
    '# /// script\n# dependencies = ["x"]\n# [tool.uv]\n# exclude-newer = "2026-01-01"\n# index-url = "https://i"\n# ///\n',
    '# /// script\n# dependencies = ["ünï ✓", "quote\'s"]\n# ///\n',
  ];
  it('hashes the repr Python prints for the parsed header', () => {
    const want = python(
      [
        'import json,sys,re,tomllib,dataclasses',
        '@dataclasses.dataclass\nclass ToolUVConfig:\n    exclude_newer: object = None',
        '@dataclasses.dataclass\nclass UVScriptMetadata:\n    requires_python: object = None\n    dependencies: list = dataclasses.field(default_factory=list)\n    pyprojects: list = dataclasses.field(default_factory=list)\n    tool: object = None',
        'out=[]',
        'for text in json.load(sys.stdin):',
        '    m=re.search(r"# /// script\\s*(.*?)# ///", text, re.DOTALL)',
        '    d=tomllib.loads("\\n".join(l.lstrip("# ").rstrip() for l in m.group(1).splitlines()))',
        '    uv=d.get("tool",{}).get("uv",{}); deps=d.get("dependencies",[])',
        '    h=UVScriptMetadata(d.get("requires-python"),[x for x in deps if "file://" not in x],[x.split("file://")[-1] for x in deps if "file://" in x],{"uv":ToolUVConfig(uv.get("exclude-newer"))} if uv else None)',
        '    out.append(str((h,)))',
        'print(json.dumps(out))',
      ].join('\n'),
      SCRIPTS,
    );
    expect(SCRIPTS.map((s) => uvScriptHashText(parseUvScriptHeader(Buffer.from(s))))).toEqual(want);
  });

  it('no block is the SDK ValueError; TOML outside the shared subset is unknown', () => {
    expect(() => parseUvScriptHeader(Buffer.from('print(1)\n'))).toThrow('No uv metadata block found');
    expect(() => parseUvScriptHeader(Buffer.from('# /// script\n# requires-python = 3\n# ///\n'))).toThrow(Unknowable);
    expect(() => parseUvScriptHeader(Buffer.from('# /// script\n# [tool.uv]\n# exclude-newer = 2026-01-01\n# ///\n'))).toThrow(Unknowable);
    expect(() => parseUvScriptHeader(Buffer.from('# /// script\n# dependencies = [\n# ///\n'))).toThrow(Unknowable);
  });
});
