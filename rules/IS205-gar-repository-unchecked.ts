// Once per repository (UNAUTHENTICATED once per run: the same for every
// repository), and never an error: a lint must not fail because the network
// did. PERMISSION_DENIED is what the API says for a repository that is
// missing *or* hidden from the caller, so it is never called missing.

import type { DeepRule } from '../server/engine/types';
import { LOGIN_HINT, apiProjectId } from '../server/gar/service';
import { repoAnswer } from './shared/deepTarget';

export const rule: DeepRule = {
  code: 'IS205',
  name: 'gar-repository-unchecked',
  severity: 'info',
  summary: 'Artifact Registry repository could not be checked (credentials, permission, API disabled, timeout)',
  deep: true,
  configKeys: ['deep', 'gar.endpoint', 'gar.timeout'],
  docs: {
    whatItDoes: 'Deep check, information: says why a repository could not be checked, so you can act: no or rejected credentials, no permission to see the repository, the Artifact Registry API disabled in the project (with the command to enable it), no answer within the timeout, or the API unavailable after the client\'s retries. A transport failure is said in words (connection refused, DNS lookup failed, TLS handshake failed); the gRPC client\'s raw text is the finding\'s detail (`--verbose`, the JSON report, the editor\'s LSP log).',
    why:
      'Deep checks ask the Artifact Registry API whether the repository exists. When the API cannot answer (no credentials, no permission to see the repository, the API disabled in the project, a timeout), nothing is known about the repository, and this note says why instead of guessing. It is information only: fix the cause to get the real check, or turn deep checks off with `deep = false`.',
    example: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/other-team/images")',
  },
  fixSafety: { kind: 'none' },
  appliesTo: [{ sdk: 'flytekit' }],
  async check(decl, ctx) {
    const got = await repoAnswer(decl, ctx);
    if (!got || got.answer.ok || got.answer.failure.kind === 'not-found') return [];
    const { target } = got;
    const f = got.answer.failure;
    if (f.kind === 'unauthenticated') {
      if (!ctx.once('IS205 unauthenticated')) return [];
      return [
        {
          range: target.range,
          message: `Could not check Artifact Registry repositories: the credentials of ${ctx.gar.identity} were rejected or could not be loaded (UNAUTHENTICATED); ${LOGIN_HINT}`,
          detail: f.detail ?? f.message,
        },
      ];
    }
    if (!ctx.once(`IS205 ${target.resource}`)) return [];
    const head = `Could not check Artifact Registry ${target.label}${target.origin}: `;
    // The message says what failed in words; the client library's raw text
    // ("No connection established. Last error: ...") is the finding's detail
    // (--verbose, the JSON report, the language server's log).
    const words = f.message.replace(/\.$/, '');
    const raw = f.detail ?? (f.kind === 'permission-denied' || f.kind === 'service-disabled' ? f.message : undefined);
    let why: string;
    switch (f.kind) {
      case 'permission-denied':
        why = `it is missing or not visible to ${ctx.gar.identity} (PERMISSION_DENIED); to have it checked, grant that identity roles/artifactregistry.reader on it`;
        break;
      case 'service-disabled': {
        const service = f.service ?? 'artifactregistry.googleapis.com';
        const project = apiProjectId(target.ref.project);
        why = `the ${service} API is disabled in project \`${project}\` (SERVICE_DISABLED); enable it with \`gcloud services enable ${service} --project=${project}\``;
        break;
      }
      case 'timeout':
        // The client's own deadline: "no answer from HOST within T"; the server's: "HOST:PORT gave up before answering (DEADLINE_EXCEEDED)".
        why = `${words}; raise \`timeout\` in [tool.imagespec-lint.gar] on a slow network`;
        break;
      case 'unavailable':
        // Not reached (connection, DNS, TLS): the network or the endpoint; reached but unavailable: later.
        why = /^(could not connect|DNS lookup|TLS handshake|the connection to)|did not answer as a gRPC server/.test(words)
          ? `${words}; check the network (and \`endpoint\` in [tool.imagespec-lint.gar], if set), then run again`
          : `${words}; run again later`;
        break;
      default:
        why = words;
    }
    return [{ range: target.range, message: head + why, ...(raw ? { detail: raw } : {}) }];
  },
};
