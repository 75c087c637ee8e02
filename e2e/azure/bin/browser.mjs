#!/usr/bin/env node
// A stand-in for the system browser (the host's InteractiveBrowserCredential opens it through
// `open` -> xdg-open -> $BROWSER). It plays the person: it opens the authorize URL on the replay
// (which signs "dana" in at once), follows the redirect back to the app's loopback address, and
// writes each step to $FAKE_BROWSER_LOG as a JSON line for the test to read.
import { appendFileSync } from 'node:fs';

const log = (x) => appendFileSync(process.env.FAKE_BROWSER_LOG ?? '/dev/null', `${JSON.stringify(x)}\n`);
const url = process.argv[2] ?? '';
try {
  log({ step: 'open', url });
  const auth = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  const location = auth.headers.get('location') ?? '';
  log({ step: 'authorize', status: auth.status, location });
  if (!location) process.exit(1);
  const back = await fetch(location, { redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  const text = await back.text();
  log({ step: 'redirect', status: back.status, location: back.headers.get('location') ?? undefined, body: text.slice(0, 300) });
} catch (err) {
  log({ step: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
