// Hover on Flyte 2 declarations: the image URI flyte computes for the
// project's pinned `flyte` release (server/flyte/uri.ts, evaluated from the
// project's working folders, config and FLYTE_IMAGE_*), the exception the
// SDK raises instead, or why the URI cannot be known; on a method its
// signature and docs, on a keyword its parameter; on an environment's
// `image=` the image it runs on.

import type { Hover, MarkupContent } from 'vscode-languageserver';
import { imageOfEnv, type Flyte2Decl, type FlyteCall, type FlyteImageInfo } from '../model/decl';
import { containsPos, type Position } from '../model/position';
import { imageMethod, type MethodInfo } from '../flyte/api';
import { defaultImageUri } from '../flyte/baseImage';
import { FLYTE_VERIFIED_VERSION } from '../flyte/version';
import type { UriResult } from '../flyte/uri';
import { evaluateFlyte, flyteSettings, type FlyteSettings } from '../project/flyte';
import { projectView } from '../project/view';
import type { LintState } from './diagnostics';

function md(value: string): MarkupContent {
  return { kind: 'markdown', value };
}

function code(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${s}${ticks}`;
}

/** The settings of the hovered file (the same the rules use). */
export function hoverSettings(state: LintState): FlyteSettings {
  const view = projectView(state.run.fs, state.file, state.run.projectRoot, state.run.config, state.text, state.run.displayRoot);
  return flyteSettings(state.run.fs, view, state.run.config.flyteVersion, process.env);
}

const WHEN: Record<string, string> = {
  declaration: 'when the module is imported',
  build: 'when the image is built (`flyte deploy` / `flyte run`)',
  deploy: 'at deploy',
};

function resultLines(r: UriResult, calls: FlyteCall[]): string[] {
  switch (r.kind) {
    case 'uri':
      return [`**flyte.Image** → ${code(r.uri)}`, ...(r.built ? [] : ['', 'Not built: flyte uses this image as is.']), ...r.caveats.map((c) => `\n_${c}._`)];
    case 'error': {
      const at = calls[r.call] ? ` (at ${code(calls[r.call].method)})` : '';
      return [`**flyte.Image** → raises ${code(`${r.pyType}: ${r.message}`)} ${WHEN[r.when]}${at}`];
    }
    case 'unknown':
      return [`**flyte.Image** → URI unknown: ${r.reason}.`];
  }
}

/** The image summary of an image declaration. */
export function imageSummary(decl: Flyte2Decl & { flyte: FlyteImageInfo }, settings: FlyteSettings, state: LintState): string {
  const deploy = evaluateFlyte(decl, settings, state.run.fs, 'deploy');
  const out = resultLines(deploy, decl.flyte.calls);
  const declared = evaluateFlyte(decl, settings, state.run.fs, 'declaration');
  const same = declared.kind === deploy.kind && (declared.kind !== 'uri' || deploy.kind !== 'uri' || declared.uri === deploy.uri);
  if (!same && declared.kind === 'uri') {
    const d = resultLines(declared, decl.flyte.calls)[0].replace('**flyte.Image** → ', '');
    out.push('', `\`Image.uri\` right after import (before \`flyte.init\`): ${d}`);
  }
  out.push('', provenance(settings, state));
  return out.join('\n');
}

function provenance(settings: FlyteSettings, state: LintState): string {
  const f = settings.flyte;
  const parts = [`_Computed as flyte ${f.version ?? '?'} computes it (${f.source})`];
  const reg = settings.config.image.registry;
  if (settings.config.pushRegistry) parts.push(`push registry ${code(settings.config.pushRegistry)} from ${reg.from}`);
  else if (settings.config.pushRegistry === null) parts.push('no push registry configured');
  if (settings.localPython) parts.push(`Python ${settings.localPython.version.join('.')} from ${settings.localPython.source}`);
  const folders = settings.folders.folders.map((d) => code(relative(state.run.projectRoot, d)));
  parts.push(`relative paths from ${folders.slice(0, 3).join(', ')}${folders.length > 3 ? ', …' : ''}`);
  return parts.join('; ') + '._';
}

function relative(root: string, abs: string): string {
  if (abs === root) return '.';
  return abs.startsWith(root + '/') ? abs.slice(root.length + 1) : abs;
}

function signature(m: MethodInfo): string {
  const params: string[] = [];
  let star = false;
  for (const p of m.params) {
    if (p.kind === 'varargs') star = true;
    if (p.kind === 'keyword' && !star) {
      params.push('*');
      star = true;
    }
    const pre = p.kind === 'varargs' ? '*' : '';
    params.push(`${pre}${p.name}: ${p.type}${p.default !== undefined ? ` = ${p.default}` : ''}`);
  }
  return `Image.${m.name}(${params.join(', ')})`;
}

function methodDoc(m: MethodInfo): string {
  const lines = ['```python', signature(m), '```', '', m.doc];
  if (m.since !== '2.0.0') lines.push('', `_Since flyte ${m.since}._`);
  if (m.layer) lines.push('', `_Adds a \`${m.layer}\` layer._`);
  return lines.join('\n');
}

export function flyteHover(state: LintState, decl: Flyte2Decl, p: Position): Hover | null {
  const settings = hoverSettings(state);
  const version = settings.flyte.version ?? FLYTE_VERIFIED_VERSION;
  const f = decl.flyte;
  if (f.role === 'environment') {
    // A clone without `image=` runs on the image of the environment it was cloned from.
    const img = imageOfEnv(f);
    const onImage = img && (containsPos(img.range, p) || containsPos(img.nameRange, p));
    if (!onImage && !containsPos(decl.calleeRange, p)) return null;
    const range = onImage ? img!.range : decl.calleeRange;
    const v = img?.value;
    if (v && v.kind === 'spec' && v.decl.kind === 'flyte2' && (v.decl as Flyte2Decl).flyte.role === 'image') {
      return { range, contents: md(imageSummary(v.decl as Flyte2Decl & { flyte: FlyteImageInfo }, settings, state)) };
    }
    if (!v || (v.kind === 'str' && v.value === 'auto')) {
      const refs = settings.config.imageRefs;
      if (refs && refs.default) return { range, contents: md(`**image="auto"** → ${code(refs.default)} (\`image_refs.default\` in the flyte config)`) };
      const py = settings.localPython;
      const lines = ['**image="auto"** → the default image for the Python flyte runs on'];
      if (py && settings.flyte.version) lines[0] += `: ${code(defaultImageUri(`py${py.version[0]}.${py.version[1]}`, settings.flyte.version))}`;
      else lines.push('', `${code(defaultImageUri('py{M}.{m}', version))}; the Python version is not known (a \`.python-version\` file says it).`);
      lines.push('', provenance(settings, state));
      return { range, contents: md(lines.join('\n')) };
    }
    if (v.kind === 'str') return { range, contents: md(`**image=** ${code(v.value)}: an image reference, used as is (\`Image.from_base\`).`) };
    return null;
  }
  for (const c of f.calls.slice(f.ownFrom)) {
    const m = imageMethod(c.method, version);
    if (containsPos(c.nameRange, p)) {
      const doc = m ? methodDoc(m) : `\`${c.method}\` is not an \`Image\` method in flyte ${version}.`;
      return { range: c.nameRange, contents: md([doc, '', '---', '', imageSummary(decl as Flyte2Decl & { flyte: FlyteImageInfo }, settings, state)].join('\n')) };
    }
    for (const k of c.kwargs) {
      if (!containsPos(k.nameRange, p)) continue;
      const param = m?.params.find((x) => x.name === k.name);
      if (!param) return null;
      const lines = [`**${param.name}**: \`${param.type}\`${param.default !== undefined ? ` = \`${param.default}\`` : ''}`, '', `Parameter of \`Image.${c.method}\`.`];
      if (param.since) lines.push('', `_Since flyte ${param.since}._`);
      return { range: k.nameRange, contents: md(lines.join('\n')) };
    }
  }
  if (containsPos(decl.calleeRange, p) || containsPos(decl.argsRange, p)) {
    return { range: decl.calleeRange, contents: md(imageSummary(decl as Flyte2Decl & { flyte: FlyteImageInfo }, settings, state)) };
  }
  return null;
}
