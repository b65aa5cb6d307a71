import { describe, expect, it } from 'vitest';
import { HOST, P, codeOf, coveredText, deepLint, resource, spec, useGarServer } from './helpers/deep';

const env = useGarServer();

const two = (a: string, b: string): string =>
  'from flytekit import ImageSpec\n' +
  `a = ImageSpec(name="a", registry="${HOST}/${P}/${a}")\n` +
  `b = ImageSpec(name="b", registry="${HOST}/${P}/${b}")\n`;

describe('IS205 repository could not be checked (deep)', () => {
  it('PERMISSION_DENIED: "missing or not visible", never missing; once per repository', async () => {
    env.gar.setFault(resource('secret'), { kind: 'permission-denied' });
    const o = await deepLint(two('secret', 'secret'), env.service(), { select: ['IS2'] });
    expect(o.findings.map((f) => f.code)).toEqual(['IS205']);
    const [f] = codeOf(o, 'IS205');
    expect(f.severity).toBe('info');
    expect(f.range).toEqual({ start: { line: 1, character: 73 }, end: { line: 1, character: 79 } });
    expect(coveredText(o, f)).toBe('secret');
    expect(f.message).toBe(
      'Could not check Artifact Registry repository `secret` (project `imagespec-test`, us-east1): it is missing or not visible to anonymous (plaintext endpoint) (PERMISSION_DENIED); to have it checked, grant that identity roles/artifactregistry.reader on it',
    );
    expect(f.message).not.toMatch(/does not exist/);
    expect(f.fixes).toEqual([]);
    expect(env.gar.calls.GetRepository).toBe(1);
  });

  it('SERVICE_DISABLED names the API to enable', async () => {
    env.gar.setFault(`projects/${P}`, { kind: 'service-disabled', service: 'artifactregistry.googleapis.com' });
    const o = await deepLint(spec(`${HOST}/${P}/images`), env.service(), { select: ['IS2'] });
    expect(o.findings.map((f) => f.message)).toEqual([
      'Could not check Artifact Registry repository `images` (project `imagespec-test`, us-east1): the artifactregistry.googleapis.com API is disabled in project `imagespec-test` (SERVICE_DISABLED); enable it with `gcloud services enable artifactregistry.googleapis.com --project=imagespec-test`',
    ]);
    expect(o.findings[0].code).toBe('IS205');
  });

  it('UNAUTHENTICATED: one finding per run telling how to log in', async () => {
    env.gar.setFault(`projects/${P}`, { kind: 'unauthenticated' });
    const o = await deepLint(two('one', 'two'), env.service(), { select: ['IS2'] });
    expect(o.findings.map((f) => [f.code, f.range.start.line])).toEqual([['IS205', 1]]);
    expect(o.findings[0].message).toBe(
      'Could not check Artifact Registry repositories: the credentials of anonymous (plaintext endpoint) were rejected or could not be loaded (UNAUTHENTICATED); run `gcloud auth application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS to a service account key file)',
    );
  });

  it('a hung server: the run ends within the timeout plus slack, with IS205 and not IS201', async () => {
    env.gar.setFault(`projects/${P}`, { kind: 'hang' });
    const service = env.service({ timeoutMs: 400 });
    const started = Date.now();
    const o = await deepLint(two('one', 'two'), service, { select: ['IS2'] });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(400 + 1000);
    expect(o.findings.map((f) => f.code)).toEqual(['IS205', 'IS205']);
    expect(o.findings[0].message).toBe(
      'Could not check Artifact Registry repository `one` (project `imagespec-test`, us-east1): no answer from 127.0.0.1 within 400 ms; raise `timeout` in [tool.imagespec-lint.gar] on a slow network',
    );
  });

  it('UNAVAILABLE: retried, so one blip is no finding; a persistent outage is IS205', async () => {
    env.add('images');
    env.gar.setFault(resource('images'), { kind: 'unavailable', times: 1 });
    const blip = await deepLint(spec(`${HOST}/${P}/images`), env.service(), { select: ['IS2'] });
    expect(blip.findings).toEqual([]);
    expect(env.gar.calls.GetRepository).toBe(2);

    env.gar.setFault(resource('down'), { kind: 'unavailable' });
    const down = await deepLint(spec(`${HOST}/${P}/down`), env.service({ timeoutMs: 1500 }), { select: ['IS2'] });
    expect(down.findings.map((f) => [f.code, f.message, f.detail])).toEqual([
      [
        'IS205',
        `Could not check Artifact Registry repository \`down\` (project \`imagespec-test\`, us-east1): the Artifact Registry API at ${env.gar.endpoint.slice(7)} answered that it is unavailable (UNAVAILABLE); run again later`,
        'The service is currently unavailable.',
      ],
    ]);
  });

  it('a DEADLINE_EXCEEDED from the server and an unreadable answer are IS205 too', async () => {
    env.gar.setFault(resource('slow'), { kind: 'deadline-exceeded' });
    env.gar.setFault(resource('broken'), { kind: 'garbage' });
    const o = await deepLint(two('slow', 'broken'), env.service({ timeoutMs: 1500 }), { select: ['IS2'] });
    expect(o.findings.map((f) => f.code)).toEqual(['IS205', 'IS205']);
    expect(o.findings[0].message).toBe(
      `Could not check Artifact Registry repository \`slow\` (project \`imagespec-test\`, us-east1): ${env.gar.endpoint.slice(7)} gave up before answering (DEADLINE_EXCEEDED); raise \`timeout\` in [tool.imagespec-lint.gar] on a slow network`,
    );
    expect(o.findings[0].detail).toBe('Deadline exceeded on the server.');
    expect(o.findings[1].message).toBe(`Could not check Artifact Registry repository \`broken\` (project \`imagespec-test\`, us-east1): the answer from ${env.gar.endpoint.slice(7)} could not be read`);
    expect(o.findings[1].detail).toMatch(/^Response message parsing error: /);
  });

  it('is silent when the repository answers, and for unknown registries', async () => {
    env.add('images');
    const src = 'from flytekit import ImageSpec\nimport os\nimage = ImageSpec(name="etl", registry=os.environ["REG"])\n';
    expect((await deepLint(src, env.service(), { select: ['IS205'] })).findings).toEqual([]);
    expect((await deepLint(spec(`${HOST}/${P}/images`), env.service(), { select: ['IS205'] })).findings).toEqual([]);
  });
});
