// Checks run on the lowercased registry, as flytekit pushes it: uppercase is
// IS102's. One function per registry kind; fixes only where exactly one
// registry can have been meant.

import type { ImageDecl } from '../server/model/decl';
import type { LineIndex } from '../server/model/position';
import type { Segment } from '../server/model/registry';
import type { Fix, OfflineRule, RuleFinding } from '../server/engine/types';
import { closest, strSubRange } from '../server/engine/ruleKit';
import { AWS_REGIONS, awsRegion } from '../server/model/awsRegions';
import {
  isValidAcrName,
  isValidAwsAccountId,
  isValidDockerHubNamespace,
  isValidGhcrOwner,
  parseRegistry,
} from '../server/model/registry';
import { checkedRegistry, spliceFix, type CheckedRegistry } from './shared/registry';

const AWS_REGION_NAMES = AWS_REGIONS.map((r) => r.name);

function ecrFindings(decl: ImageDecl, reg: CheckedRegistry, lines: LineIndex): RuleFinding[] {
  const ecr = reg.p.ecr!;
  const host = reg.p.host;
  const v = reg.v;
  const at = (s: { start: number; end: number }) => strSubRange(v, s.start, s.end, lines);
  if (!ecr.wellFormed) {
    const fixes: Fix[] = [];
    // `ACCOUNT.ecr.REGION.amazonaws.com`: the `dkr.` label is missing.
    const m = /^([^.]+)\.ecr\.(.+)$/.exec(host.text);
    if (m) {
      const candidate = `${m[1]}.dkr.ecr.${m[2]}`;
      if (parseRegistry(candidate).ecr?.wellFormed) {
        const fix = spliceFix(decl, v, host.start, host.end, candidate, `Use \`${candidate}\``, { preferred: true, safe: true });
        if (fix) fixes.push(fix);
      }
    }
    return [
      {
        range: at(host),
        message: `\`${host.text}\` is not an Amazon ECR registry host: ECR hosts are \`ACCOUNT.dkr.ecr.REGION.amazonaws.com\` (\`.amazonaws.com.cn\` in China, \`ACCOUNT.dkr-ecr.REGION.on.aws\` dual-stack), so the push fails`,
        fixes,
      },
    ];
  }
  const out: RuleFinding[] = [];
  const account = ecr.account!;
  if (!isValidAwsAccountId(account.text)) {
    const digits = account.text.replace(/-/g, '');
    const fixes: Fix[] = [];
    if (digits !== account.text && isValidAwsAccountId(digits)) {
      // The console shows account ids as 1234-5678-9012.
      const fix = spliceFix(decl, v, account.start, account.end, digits, `Use account \`${digits}\``, { preferred: true, safe: true });
      if (fix) fixes.push(fix);
    }
    out.push({
      range: at(account),
      message: `\`${account.text}\` is not an AWS account id (12 digits, no hyphens): the ECR registry host does not exist and the push fails`,
      fixes,
    });
  }
  const region = ecr.region!;
  const known = awsRegion(region.text);
  if (!known) {
    const fixes: Fix[] = [];
    // `us-east1` (Google's spelling) → `us-east-1`; otherwise one close name.
    const hyphenated = region.text.replace(/([a-z])(\d+)$/, '$1-$2');
    const candidates = awsRegion(hyphenated) ? [hyphenated] : closest(region.text, AWS_REGION_NAMES, 2);
    if (candidates.length === 1) {
      const c = candidates[0];
      const fix = spliceFix(decl, v, region.start, region.end, c, `Use region \`${c}\``, { preferred: true, safe: c === hyphenated });
      if (fix) fixes.push(fix);
    }
    out.push({
      range: at(region),
      message:
        `\`${region.text}\` is not an AWS region: the ECR registry host does not exist and the push fails` +
        (candidates.length === 1 ? `; did you mean \`${candidates[0]}\`?` : ''),
      fixes,
    });
  } else if (!ecr.dualStack) {
    // The China partition lives under amazonaws.com.cn, every other one under amazonaws.com.
    const china = known.partition === 'aws-cn';
    if (china !== ecr.china) {
      const fixed = china ? `${host.text}.cn` : host.text.replace(/\.cn$/, '');
      const fix = spliceFix(decl, v, host.start, host.end, fixed, `Use \`${fixed}\``, { preferred: true, safe: true });
      const tld = host.text.endsWith('.cn') ? '.amazonaws.com.cn' : '.amazonaws.com';
      const tldStart = host.end - tld.length;
      out.push({
        range: strSubRange(v, tldStart, host.end, lines),
        message: china
          ? `\`${region.text}\` is a China region, whose ECR hosts end in \`.amazonaws.com.cn\`: \`${host.text}\` does not exist; use \`${fixed}\``
          : `\`${region.text}\` is not a China region, so its ECR host ends in \`.amazonaws.com\`, not \`.amazonaws.com.cn\`; use \`${fixed}\``,
        fixes: fix ? [fix] : [],
      });
    }
  }
  return out;
}

function namespaceFinding(
  reg: CheckedRegistry,
  lines: LineIndex,
  ns: Segment | undefined,
  what: { missing: string; invalid: (s: string) => string; valid: (s: string) => boolean },
): RuleFinding | undefined {
  const host = reg.p.host;
  if (!ns) return { range: strSubRange(reg.v, host.start, host.end, lines), message: what.missing };
  if (!what.valid(ns.text)) return { range: strSubRange(reg.v, ns.start, ns.end, lines), message: what.invalid(ns.text) };
  return undefined;
}

export const rule: OfflineRule = {
  code: 'IS108',
  name: 'registry-malformed',
  severity: 'error',
  summary: 'Malformed ECR, ECR Public, GHCR, ACR or Docker Hub registry',
  docs: {
    whatItDoes: 'Reports a registry of a known kind other than Google\'s that cannot work: an Amazon ECR host that is not `ACCOUNT.dkr.ecr.REGION.amazonaws.com` (`.amazonaws.com.cn` in China, `ACCOUNT.dkr-ecr.REGION.on.aws` dual-stack) with a 12-digit account and a real region of the host\'s partition; ECR Public without an alias; `ghcr.io` without a valid owner; an Azure registry name outside 5-50 letters and digits; Docker Hub without a namespace or more than one level deep; `hub.docker.com` (the website). `localhost:PORT` is always accepted.',
    runtimeError: { when: 'push', error: 'the registry host or repository does not exist or refuses the name, so the push fails after the whole build' },
    why:
      'Each registry service has a fixed shape. Amazon ECR: `ACCOUNT.dkr.ecr.REGION.amazonaws.com` with a 12-digit account ' +
      'and a real region (`.amazonaws.com.cn` for China regions); ECR Public: `public.ecr.aws/ALIAS`; GitHub: ' +
      '`ghcr.io/OWNER`; Azure: `NAME.azurecr.io` with 5-50 letters and digits; Docker Hub: `docker.io/NAMESPACE`, one level ' +
      'deep. A registry outside its shape fails only at push time, after the whole build. `localhost:PORT` (the Flyte ' +
      'sandbox uses `localhost:30000`) is always accepted.',
    example: 'image = ImageSpec(name="etl", registry="123456789012.dkr.ecr.us-east1.amazonaws.com")',
    fixed: 'image = ImageSpec(name="etl", registry="123456789012.dkr.ecr.us-east-1.amazonaws.com")',
  },
  fixSafety: { kind: 'mixed', note: 'Fixes that restore the one possible spelling (the missing `dkr.` label, an account id without hyphens, `docker.io`, the partition\'s domain, an AWS region with its hyphen) are safe; a region guessed from a typo is not.' },
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl, ctx) {
    const reg = checkedRegistry(decl);
    if (!reg) return [];
    const p = reg.p;
    const lines = ctx.lines;
    const one = (f: RuleFinding | undefined): RuleFinding[] => (f ? [f] : []);
    switch (p.kind) {
      case 'ecr':
        return ecrFindings(decl, reg, lines);
      case 'ecr-public':
        return one(
          namespaceFinding(reg, lines, p.ecrPublic?.namespace, {
            missing: `ECR Public needs the registry alias: \`${p.host.text}/ALIAS\`; without it the image would be a top-level repository nobody can push to`,
            valid: isValidDockerHubNamespace,
            invalid: (s) => `\`${s}\` is not a valid ECR Public alias (lowercase letters and digits, separated by \`.\`, \`_\` or \`-\`): the push fails`,
          }),
        );
      case 'ghcr':
        return one(
          namespaceFinding(reg, lines, p.ghcr?.namespace, {
            missing: `GitHub Container Registry needs an owner: \`ghcr.io/OWNER\` (a user or organization); \`ghcr.io/NAME\` alone is denied`,
            valid: isValidGhcrOwner,
            invalid: (s) =>
              `\`${s}\` is not a GitHub user or organization name (letters, digits and single hyphens, at most 39, no leading or trailing hyphen): the push to GHCR is denied`,
          }),
        );
      case 'acr': {
        const name = p.acr!.name;
        if (isValidAcrName(name.text)) return [];
        return [
          {
            range: strSubRange(reg.v, name.start, name.end, lines),
            message: `\`${name.text}\` is not an Azure Container Registry name (5 to 50 letters and digits, nothing else): \`${p.host.text}\` does not exist and the push fails`,
          },
        ];
      }
      case 'dockerhub': {
        const hub = p.dockerhub!;
        const missing = namespaceFinding(reg, lines, hub.namespace, {
          missing: `Docker Hub needs a namespace: \`${p.host.text}/USER\`; without one the image lands in \`library/\`, Docker's official images, where nobody else can push`,
          valid: isValidDockerHubNamespace,
          invalid: (s) => `\`${s}\` is not a valid Docker Hub namespace (lowercase letters and digits, separated by \`.\`, \`_\` or \`-\`): the push fails`,
        });
        if (missing) return [missing];
        if (hub.imagePath.length > 0) {
          const first = hub.imagePath[0];
          const last = hub.imagePath[hub.imagePath.length - 1];
          return [
            {
              range: strSubRange(reg.v, first.start, last.end, lines),
              message: `Docker Hub repositories are one level deep (\`NAMESPACE/NAME\`): with \`${reg.lower}\` the image becomes \`${hub.namespace!.text}/${reg.lower.slice(first.start, last.end)}/NAME\`, which Docker Hub rejects; keep only the namespace`,
            },
          ];
        }
        return [];
      }
      case 'other': {
        if (p.host.text !== 'hub.docker.com') return [];
        const fix = spliceFix(decl, reg.v, p.host.start, p.host.end, 'docker.io', 'Use `docker.io`', { preferred: true, safe: true });
        return [
          {
            range: strSubRange(reg.v, p.host.start, p.host.end, lines),
            message: '`hub.docker.com` is Docker Hub\'s website, not its registry: pushes go to `docker.io`',
            fixes: fix ? [fix] : [],
          },
        ];
      }
      default:
        return [];
    }
  },
};
