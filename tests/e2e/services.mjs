// The real services the browser suite runs against, started and stopped here: PostgreSQL (a
// fresh database on the machine's server), maildev (SMTP with an HTTP API), the OpenID
// provider from tests/oidc, and Treffpunkt itself (the debug binary `cargo test` built).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');

export const CLIENT_ID = 'treffpunkt-e2e';
export const CLIENT_SECRET = 'e2e-client-secret-of-some-length';
export const JITSI_URL = 'https://meet.jitsi.test';
export const JITSI_APP_ID = 'treffpunkt';
export const JITSI_SECRET = 'an-e2e-shared-secret-of-at-least-32-characters';
export const SSO_LABEL = 'Stadt-Login';

/** A free loopback port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what, check, seconds = 30) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function start(name, command, args, options) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  child.on('exit', (code, signal) => { log += `\n[${name} exited: ${code ?? signal}]`; });
  return { child, log: () => log };
}

/** Starts everything; `stop()` ends it all and drops the database. */
export async function startServices() {
  const adminUrl = process.env.E2E_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `treffpunkt_e2e_${randomBytes(6).toString('hex')}`;
  execFileSync('psql', ['-q', adminUrl, '-c', `CREATE DATABASE ${database}`]);
  const databaseUrl = `${adminUrl.replace(/\/[^/]*$/, '')}/${database}?sslmode=disable`;
  const dataDir = mkdtempSync(join(tmpdir(), 'treffpunkt-e2e-'));
  const [appPort, smtpPort, mailWebPort, oidcPort] = await Promise.all([
    freePort(), freePort(), freePort(), freePort(),
  ]);
  const base = `http://127.0.0.1:${appPort}`;
  const mailApi = `http://127.0.0.1:${mailWebPort}`;
  const running = [];

  running.push(start('maildev', join(here, 'node_modules', '.bin', 'maildev'), [
    '--smtp', String(smtpPort), '--ip', '127.0.0.1',
    '--web', String(mailWebPort), '--web-ip', '127.0.0.1',
  ], { cwd: here }));
  running.push(start('oidc-provider', 'node', [
    'provider.mjs', String(oidcPort), CLIENT_ID, CLIENT_SECRET,
    `${base}/sign-in/oidc/callback`, `${base}/`,
  ], { cwd: join(root, 'tests', 'oidc') }));
  await waitFor('maildev', async () => (await fetch(`${mailApi}/api/healthz`)).ok);
  await waitFor('the OpenID provider', async () =>
    (await fetch(`http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`)).ok);

  const binary = process.env.TREFFPUNKT_BIN ?? join(root, 'target', 'debug', 'treffpunkt');
  const appEnv = {
    PATH: process.env.PATH,
    DATABASE_URL: databaseUrl,
    TREFFPUNKT_BIND: `127.0.0.1:${appPort}`,
    TREFFPUNKT_BASE_URL: base,
    TREFFPUNKT_DATA_DIR: dataDir,
    TREFFPUNKT_LOG: 'info',
    TREFFPUNKT_LOG_FORMAT: 'json',
    TREFFPUNKT_OIDC_ISSUER_URL: `http://127.0.0.1:${oidcPort}`,
    TREFFPUNKT_OIDC_CLIENT_ID: CLIENT_ID,
    TREFFPUNKT_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    TREFFPUNKT_OIDC_BUTTON_LABEL: SSO_LABEL,
    TREFFPUNKT_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    TREFFPUNKT_MAIL_FROM: 'Treffpunkt <noreply@treffpunkt.test>',
    TREFFPUNKT_MAIL_REMINDER_MINUTES: '0',
    TREFFPUNKT_JITSI_URL: JITSI_URL,
    TREFFPUNKT_JITSI_APP_ID: JITSI_APP_ID,
    TREFFPUNKT_JITSI_SECRET: JITSI_SECRET,
  };
  const app = start('treffpunkt', binary, ['serve'], { cwd: dataDir, env: appEnv });
  running.push(app);
  try {
    await waitFor('Treffpunkt', async () => (await fetch(`${base}/readyz`)).ok);
  } catch (e) {
    throw new Error(`${e.message}\n${app.log()}`);
  }

  return {
    base,
    mailApi,
    /** Runs the `treffpunkt` command line beside the server (same database, same key). */
    command(args, input = '') {
      return execFileSync(binary, args, { cwd: dataDir, env: appEnv, input, encoding: 'utf8' });
    },
    logs: () => running.map((r) => r.log()).join('\n'),
    async stop() {
      for (const r of running.reverse()) {
        r.child.kill('SIGTERM');
        await new Promise((resolve) => {
          if (r.child.exitCode !== null || r.child.signalCode !== null) resolve();
          else r.child.once('exit', resolve);
        });
      }
      execFileSync('psql', ['-q', adminUrl, '-c', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
