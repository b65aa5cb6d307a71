// `us-east1.pkg.dev` parses as location `us` and format `east1`; the whole
// label is a location and the format is missing, which gets its own message
// and fix.

import type { Fix, OfflineRule } from '../server/engine/types';
import { osaDistance, strSubRange } from '../server/engine/ruleKit';
import { GAR_FORMATS, isGarLocation } from '../server/model/registry';
import { checkedRegistry, spliceFix } from './shared/registry';

export const rule: OfflineRule = {
  code: 'IS105',
  name: 'gar-host-format',
  severity: 'error',
  summary: 'Artifact Registry host of another format than `docker`',
  docs: {
    whatItDoes: 'Reports an Artifact Registry host of another repository format than Docker (`us-python.pkg.dev`, `europe-npm.pkg.dev`), a misspelt format (`us-dokcer.pkg.dev`) or no format at all (`us-east1.pkg.dev`). Container images push only to `LOCATION-docker.pkg.dev` or the regional `docker.LOCATION.rep.pkg.dev`. The fix rewrites only the format part.',
    runtimeError: { when: 'push', error: '`docker push` fails against a host that is not a container registry' },
    why:
      'Each Artifact Registry format has its own host: `LOCATION-python.pkg.dev` serves pip, `LOCATION-npm.pkg.dev` npm, ' +
      'and only `LOCATION-docker.pkg.dev` speaks the Docker registry protocol. A registry copied from the wrong setup page ' +
      'makes `docker push` fail against a host that is not a container registry.',
    example: 'image = ImageSpec(name="etl", registry="us-east1-python.pkg.dev/my-project/images")',
    fixed: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/images")',
  },
  fixSafety: { kind: 'mixed', note: 'Switching to the docker host cannot change intent, so it is safe, unless the written format is an unknown word far from `docker`.' },
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl, ctx) {
    const reg = checkedRegistry(decl);
    const gar = reg?.p.gar;
    if (!reg || !gar) return [];
    const host = reg.p.host;

    if (gar.style === 'unrecognized') {
      return [
        {
          range: strSubRange(reg.v, host.start, host.end, ctx.lines),
          message: `\`${host.text}\` is not an Artifact Registry Docker host: container images push to \`LOCATION-docker.pkg.dev\` (such as \`us-east1-docker.pkg.dev\`)`,
        },
      ];
    }
    const format = gar.format;
    if (!format || format.text === 'docker') return [];

    // `us-east1.pkg.dev`: the parser reads `us` as the location and `east1`
    // as the format, but the whole label is a location and the format is missing.
    const label = host.text.slice(0, host.text.length - '.pkg.dev'.length);
    if (gar.style === 'location-format' && isGarLocation(label)) {
      const fix = spliceFix(decl, reg.v, host.start, host.start + label.length, `${label}-docker`, `Use \`${label}-docker.pkg.dev\``, {
        preferred: true,
        safe: true,
      });
      return [
        {
          range: strSubRange(reg.v, host.start, host.end, ctx.lines),
          message: `\`${host.text}\` has no repository format: container images push to \`${label}-docker.pkg.dev\``,
          fixes: fix ? [fix] : [],
        },
      ];
    }

    const known = (GAR_FORMATS as readonly string[]).includes(format.text);
    const dockerHost = gar.style === 'regional' ? host.text.replace(/^[^.]+/, 'docker') : host.text.replace(/-[^.-]+\.pkg\.dev$/, '-docker.pkg.dev');
    const message = known
      ? `\`${host.text}\` is the host of ${format.text} repositories, not of container images: \`docker push\` fails there; use \`${dockerHost}\``
      : `\`${format.text}\` is not an Artifact Registry format, so \`${host.text}\` is no registry and the push fails; use \`${dockerHost}\``;
    // Images go to a docker host whatever the repository was: switching the
    // host cannot change intent, unless an unknown word is far from `docker`.
    const safe = known || osaDistance(format.text, 'docker') <= 2;
    const fix: Fix | undefined = spliceFix(decl, reg.v, format.start, format.end, 'docker', `Use \`${dockerHost}\``, { preferred: true, safe });
    return [
      {
        range: strSubRange(reg.v, format.start, format.end, ctx.lines),
        message,
        fixes: fix ? [fix] : [],
      },
    ];
  },
};
