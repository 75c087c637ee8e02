// A Gantry host in a process of its own, driven over stdin/stdout with one JSON object per line:
// in `{ "id": 1, "channel": "cloud:signIn", "input": {...} }`, out `{ "id": 1, "result": envelope }`
// and `{ "event": "cloud:onDeviceCode", "payload": {...} }`. The Azure tests run the host this way
// because NODE_EXTRA_CA_CERTS (the replay's test CA) is read only when a process starts, and that
// is how a person behind a TLS-inspecting proxy gives Node their CA too: the credentials and the
// ARM client need no test-only options.
import { createInterface } from 'node:readline';
import { MemoryCredentialStore } from '../../electron/services/credentials.ts';
import { createHost } from '../../electron/services/host.ts';

const host = createHost({
  mode: 'browser',
  version: 'test',
  dataDir: process.env.GANTRY_DATA_DIR!,
  credentials: new MemoryCredentialStore(),
  ...(process.env.GANTRY_TEST_WORKSPACE ? { initialWorkspace: process.env.GANTRY_TEST_WORKSPACE } : {}),
});
const write = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
host.events.subscribe((event, payload) => write({ event, payload }));
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const { id, channel, input } = JSON.parse(line) as { id: number; channel: string; input: unknown };
  void host.dispatch(channel, input).then((result) => write({ id, result }));
});
rl.on('close', () => {
  host.dispose();
  process.exit(0);
});
