// The header of a uv script (`# /// script` ... `# ///`) as flyte reads it
// (src/flyte/_utils/uv_script_parser.py:23-56 at v2.6.5), and the text the
// UVScript layer hashes: str() of a 1-tuple holding the parsed
// UVScriptMetadata dataclass (src/flyte/_image.py:335-341), e.g.
//   (UVScriptMetadata(requires_python='>=3.12', dependencies=['httpx'], pyprojects=[], tool=None),)
//
// flyte parses the block with the `toml` package; we parse it with
// smol-toml and accept only what both read the same way: strings, arrays of
// strings, and the `[tool.uv]` table with a string `exclude-newer`. Anything
// else (numbers, dates, inline tables, invalid TOML) is reported as unknown.

import { parse as parseToml } from 'smol-toml';
import { reprStr } from '../model/pyStr';
import { FLYTE_ERRORS } from './errors';
import { PyException, Unknowable } from './value';

export interface UvScriptHeader {
  requiresPython: string | null;
  dependencies: string[];
  /** `file://` dependencies: local projects, hashed as whole folders. */
  pyprojects: string[];
  /** `[tool.uv] exclude-newer`, undefined when there is no (non-empty) [tool.uv] table. */
  excludeNewer?: string | null;
}

// re.compile(r"# /// script\s*(.*?)# ///", re.DOTALL)
const BLOCK = /# \/\/\/ script\s*([\s\S]*?)# \/\/\//;
// str.splitlines() boundaries
// eslint-disable-next-line no-control-regex -- \x1c-\x1e are line boundaries for Python
const LINES = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/** `line.lstrip("# ").rstrip()` for each line of the block, joined by "\n" (uv_script_parser.py:28). */
function blockBody(text: string): string | undefined {
  const m = BLOCK.exec(text);
  if (!m) return undefined;
  const lines = m[1].split(LINES);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.replace(/^[# ]+/, '').trimEnd()).join('\n');
}

function isStrArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** Parses the header; throws PyException for flyte's own errors, Unknowable when the TOML is outside the subset. */
export function parseUvScriptHeader(bytes: Uint8Array): UvScriptHeader {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Unknowable('the script is not UTF-8 (flyte fails reading it)');
  }
  if (text.charCodeAt(0) === 0xfeff) throw new Unknowable('the script starts with a byte-order mark');
  const body = blockBody(text);
  if (body === undefined) throw new PyException('ValueError', FLYTE_ERRORS.noUvBlock());
  let data: Record<string, unknown>;
  try {
    data = parseToml(body) as Record<string, unknown>;
  } catch {
    throw new Unknowable('the script header is not TOML we read the same way as flyte');
  }
  const rp = data['requires-python'];
  if (rp !== undefined && typeof rp !== 'string') throw new Unknowable('requires-python is not a string');
  const deps = data['dependencies'] ?? [];
  if (!isStrArray(deps)) throw new Unknowable('dependencies is not a list of strings');
  const header: UvScriptHeader = {
    requiresPython: rp ?? null,
    dependencies: deps.filter((d) => !d.includes('file://')),
    pyprojects: deps.filter((d) => d.includes('file://')).map((d) => d.split('file://').pop()!),
  };
  const tool = data['tool'];
  if (tool !== undefined) {
    if (typeof tool !== 'object' || tool === null || Array.isArray(tool)) throw new Unknowable('[tool] is not a table');
    const uv = (tool as Record<string, unknown>)['uv'];
    if (uv !== undefined) {
      if (typeof uv !== 'object' || uv === null || Array.isArray(uv)) throw new Unknowable('[tool.uv] is not a table');
      if (Object.keys(uv).length > 0) {
        const en = (uv as Record<string, unknown>)['exclude-newer'];
        if (en !== undefined && typeof en !== 'string') throw new Unknowable('exclude-newer is not a string');
        header.excludeNewer = en ?? null;
      }
    }
  }
  return header;
}

/** str((header,)) as the UVScript layer hashes it. */
export function uvScriptHashText(h: UvScriptHeader): string {
  const list = (xs: string[]) => '[' + xs.map(reprStr).join(', ') + ']';
  const rp = h.requiresPython === null ? 'None' : reprStr(h.requiresPython);
  const tool =
    h.excludeNewer === undefined ? 'None' : `{'uv': ToolUVConfig(exclude_newer=${h.excludeNewer === null ? 'None' : reprStr(h.excludeNewer)})}`;
  return `(UVScriptMetadata(requires_python=${rp}, dependencies=${list(h.dependencies)}, pyprojects=${list(h.pyprojects)}, tool=${tool}),)`;
}
