// The builder that builds a spec, as flytekit picks it: the name in
// `builder`; when unset, config `builder`; else the highest-priority builder
// the project installs (flytekit's `default` at 1, plugins at 5 unless they
// say otherwise). What is not known stays unknown, and rules that depend on
// the builder say nothing then:
// - `union` / `unionai` installed: Union's builder registers at priority 10
//   for a Union Serverless endpoint and 0 (below `default`) for any other
//   (union._config._get_image_builder_priority; see flytekit/versions.ts
//   PLUGIN_BUILDERS). The endpoint lives in the user's ~/.union config,
//   which a linter in CI must not read, so the builder is unknown unless
//   config `builder` says which.
// - two plugins at the same priority: flytekit's pick depends on the order
//   entry points load.
// - flytekit before 1.13.0 has no `default` builder: without a plugin
//   nothing builds.

import * as path from 'node:path';
import { field, type ImageDecl } from '../model/decl';
import { BEHAVIOURS, behaviourFor, compareVersions, parseVersion } from '../flytekit/versions';
import type { Dependency } from './dependencies';

/** Packages that register an image builder when installed, with the name and priority they register. */
export const BUILDER_PACKAGES: readonly { pkg: string; builder: string; priority: number | 'endpoint' }[] = [
  { pkg: 'flytekitplugins-envd', builder: 'envd', priority: 5 },
  // imagespec-fast-builder registers `fast-builder` with ImageBuildEngine.register's default priority.
  { pkg: 'imagespec-fast-builder', builder: 'fast-builder', priority: 5 },
  { pkg: 'union', builder: 'union', priority: 'endpoint' },
  { pkg: 'unionai', builder: 'unionai', priority: 'endpoint' },
];

export type EffectiveBuilder =
  | {
      known: true;
      name: string;
      /** `spec`: the spec names it; `config`: config `builder`; `dependencies`: the highest-priority installed builder. */
      from: 'spec' | 'config' | 'dependencies';
      /** Why this builder, for messages: "requirements.txt depends on flytekitplugins-envd, which registers it above flytekit's default". */
      source: string;
    }
  | { known: false; reason: string };

export interface BuilderInputs {
  /** Config `builder`. */
  configBuilder?: string;
  /** The project's dependencies, nearest folder first. */
  deps: readonly Dependency[];
  /** Which module (the file or one beside it) imports union/unionai, proving the package is installed; asked only when it matters. */
  unionImported?: () => string | undefined;
  /** The project's flytekit release, when known. */
  flytekitVersion?: string;
  /** Shows a path in messages (relative to the project root). */
  show(abs: string): string;
}

function sourceOf(d: Dependency, show: (abs: string) => string): string {
  if (d.kind === 'installed') return `${show(path.dirname(path.dirname(path.dirname(path.dirname(d.file)))))} has ${d.name} installed`;
  if (d.kind === 'locked') return `${show(d.file)} locks ${d.name}`;
  return `${show(d.file)} depends on ${d.name}`;
}

/** The builder a spec's `builder` names: the string, `undefined` when unset or None, `null` when not statically known. */
export function specBuilder(decl: ImageDecl): string | undefined | null {
  const f = field(decl, 'builder');
  if (!f) return decl.opaque ? null : undefined;
  if (f.value.kind === 'none') return undefined;
  return f.value.kind === 'str' ? f.value.value : null;
}

/** The packages the environment has: a .venv's installed set when there is one, else every dependency file's. */
function environment(deps: readonly Dependency[]): readonly Dependency[] {
  const venv = deps.find((d) => d.kind === 'installed');
  if (!venv) return deps;
  // The nearest .venv is what runs: its dist-info folders share one site-packages.
  const site = path.dirname(venv.file);
  return deps.filter((d) => d.kind === 'installed' && path.dirname(d.file) === site);
}

export function effectiveBuilder(decl: ImageDecl, inputs: BuilderInputs): EffectiveBuilder {
  const named = specBuilder(decl);
  if (named === null) return { known: false, reason: 'the spec\'s `builder` is not statically known' };
  if (named !== undefined) return { known: true, name: named, from: 'spec', source: 'the spec sets it' };
  return unsetBuilder(inputs);
}

/** The builder of a spec that names none: config `builder`, else the highest-priority one the project installs. */
export function unsetBuilder(inputs: BuilderInputs): EffectiveBuilder {
  if (inputs.configBuilder) return { known: true, name: inputs.configBuilder, from: 'config', source: 'config `builder`' };
  const env = environment(inputs.deps);
  const union = env.find((d) => d.name === 'union' || d.name === 'unionai');
  if (union) {
    return {
      known: false,
      reason: `${sourceOf(union, inputs.show)}, whose builder takes over only on Union Serverless (on BYOC flytekit's \`default\` stays); set config \`builder\` to say which`,
    };
  }
  const importer = inputs.unionImported?.();
  if (importer) {
    return { known: false, reason: `${importer} imports union, whose builder takes over only on Union Serverless; set config \`builder\` to say which` };
  }
  const plugins: { builder: string; dep: Dependency }[] = [];
  for (const b of BUILDER_PACKAGES) {
    if (b.priority === 'endpoint') continue;
    const dep = env.find((d) => d.name === b.pkg);
    if (dep && !plugins.some((p) => p.builder === b.builder)) plugins.push({ builder: b.builder, dep });
  }
  if (plugins.length > 1) {
    return { known: false, reason: `the project installs ${plugins.map((p) => p.dep.name).join(' and ')}, which register builders of the same priority` };
  }
  if (plugins.length === 1) {
    const p = plugins[0];
    return { known: true, name: p.builder, from: 'dependencies', source: `${sourceOf(p.dep, inputs.show)}, which registers it above flytekit's default` };
  }
  const v = inputs.flytekitVersion ? parseVersion(inputs.flytekitVersion) : undefined;
  if (v && compareVersions(v, [1, 13, 0]) < 0) {
    return { known: false, reason: `flytekit ${inputs.flytekitVersion} has no default builder (it arrived in 1.13.0), so a plugin the dependency files do not name must build it` };
  }
  return { known: true, name: 'default', from: 'dependencies', source: 'no builder is set and the project installs no other' };
}

/** "the envd builder (requirements.txt depends on flytekitplugins-envd, ...)"; a builder the spec names is just "the X builder". */
export function builderPhrase(b: Extract<EffectiveBuilder, { known: true }>): string {
  return b.from === 'spec' ? `the ${b.name} builder` : `the ${b.name} builder (${b.source})`;
}

export type Registration =
  /** Registered in the project's environment, or it cannot be known that it is not. */
  | { state: 'registered' | 'unknown' }
  /** Not registered: flytekit's build fails with AssertionError. */
  | { state: 'missing'; reason: string };

/** Lock files and a .venv list the whole environment; a dependency file only what someone wrote down. */
function completeEnvironment(deps: readonly Dependency[], show: (abs: string) => string): string | undefined {
  const env = environment(deps);
  const fk = env.find((d) => d.name === 'flytekit' && (d.kind === 'installed' || d.kind === 'locked'));
  if (!fk) return undefined;
  return fk.kind === 'installed' ? `${show(path.dirname(path.dirname(path.dirname(path.dirname(fk.file)))))} has` : `${show(fk.file)} locks`;
}

/**
 * Whether a builder name is registered where the project runs: flytekit's
 * own (`default` from 1.13.0, `noop` from 1.15.4) by the pinned release;
 * a plugin's when its package is installed, judged only when a .venv or a
 * lock file lists the whole environment (a requirements file may not name
 * every package installed).
 */
export function registrationOf(
  name: string,
  deps: readonly Dependency[],
  flytekit: { version?: string; source: string; how: string },
  show: (abs: string) => string,
): Registration {
  const own = FLYTEKIT_OWN.includes(name);
  if (own) {
    if (!flytekit.version || flytekit.how === 'unknown' || flytekit.how === 'newest') return { state: 'unknown' };
    const b = behaviourFor(flytekit.version);
    if (!b.ok) return { state: 'unknown' };
    if (b.behaviour.registered.some((r) => r.name === name)) return { state: 'registered' };
    const since = BEHAVIOURS.find((row) => row.registered.some((r) => r.name === name))?.since;
    return {
      state: 'missing',
      reason: `flytekit ${b.version} (${flytekit.source}) registers no \`${name}\` builder${since ? `: it arrived in ${since}` : ''}`,
    };
  }
  const providers = BUILDER_PACKAGES.filter((p) => p.builder === name || (p.priority === 'endpoint' && (name === 'union' || name === 'unionai')));
  if (providers.length === 0) return { state: 'unknown' };
  const env = environment(deps);
  if (providers.some((p) => env.some((d) => d.name === p.pkg))) return { state: 'registered' };
  const complete = completeEnvironment(deps, show);
  if (!complete) return { state: 'unknown' };
  const pkgs = [...new Set(providers.map((p) => p.pkg))];
  return { state: 'missing', reason: `it is registered by ${pkgs.join(' or ')}, and ${complete} flytekit but not ${pkgs.length > 1 ? 'either' : 'it'}` };
}

/** Builders flytekit itself registers (by release). */
const FLYTEKIT_OWN = ['default', 'noop'];
