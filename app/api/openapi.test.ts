/**
 * The OpenAPI document as served, checked by Redocly's linter (`@redocly/cli lint`, its
 * recommended rules), offline: telemetry and update checks off, no remote $ref.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { callApi } from '../../test/api';
import * as openapiRoute from '../routes/api+/v1.openapi[.]json';

test('the served document passes redocly lint', async () => {
  const answer = await callApi(openapiRoute, { path: '/openapi.json' });
  expect(answer.status).toBe(200);
  const dir = mkdtempSync(path.join(tmpdir(), 'openapi-'));
  try {
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, answer.text);
    writeFileSync(
      path.join(dir, 'redocly.yaml'),
      'extends:\n  - recommended\nrules:\n  info-license-url: off\n',
    );
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        path.resolve('node_modules/@redocly/cli/bin/cli.js'),
        'lint',
        file,
        '--config',
        path.join(dir, 'redocly.yaml'),
        '--format',
        'stylish',
      ],
      {
        cwd: dir,
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: 'off',
          REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
          NO_UPDATE_NOTIFIER: '1',
        },
      },
    ).catch((error: { stdout: string; stderr: string }) => {
      throw new Error(`redocly lint failed:\n${error.stdout}\n${error.stderr}`);
    });
    expect(`${stdout}${stderr}`).toMatch(/valid/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
