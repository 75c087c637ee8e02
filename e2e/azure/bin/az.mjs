// The `az` stand-in (bin/az runs this; ES module): answers `az account get-access-token` as the real CLI does.
// A stand-in for the Azure CLI on PATH: answers `az account get-access-token` as the real one
// does (Azure CLI 2.54+, `--output json`), from the state the test writes to FAKE_AZ_STATE.
import fs from 'node:fs';
const args = process.argv.slice(2);
let state = {};
try {
  state = JSON.parse(fs.readFileSync(process.env.FAKE_AZ_STATE, 'utf8'));
} catch {}
if (args[0] !== 'account' || args[1] !== 'get-access-token') {
  process.stderr.write(`ERROR: 'az ${args.join(' ')}' is not served by this stand-in.\n`);
  process.exit(2);
}
if (state.mode === 'logged-out') {
  process.stderr.write("ERROR: Please run 'az login' to setup account.\n");
  process.exit(1);
}
if (state.mode === 'expired') {
  process.stderr.write(
    'ERROR: AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2026-08-01T09:12:44.1234567Z and was inactive for 90.00:00:00. Trace ID: 6b6f3d2a-1c8e-4a7e-9f0b-2d9e5c7a1b00 Correlation ID: 0c2f5f9e-8d0b-4d43-9a5e-7b1e2c3d4f50 Timestamp: 2026-12-01 13:01:02Z\n' +
      'Interactive authentication is needed. Please run:\naz login --scope https://management.core.windows.net//.default\n',
  );
  process.exit(1);
}
const tenant = args.includes('--tenant') ? args[args.indexOf('--tenant') + 1] : state.tenant;
const exp = Math.floor(Date.now() / 1000) + 3600;
const local = new Date(exp * 1000);
const pad = (n) => String(n).padStart(2, '0');
process.stdout.write(
  JSON.stringify(
    {
      accessToken: state.token,
      expiresOn: `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}.000000`,
      expires_on: exp,
      subscription: state.subscription,
      tenant,
      tokenType: 'Bearer',
    },
    null,
    2,
  ) + '\n',
);
