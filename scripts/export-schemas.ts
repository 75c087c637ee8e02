// Writes resources/schemas/<kind>.schema.json from the zod spec schemas (gitops/core/schema/documents.ts).
// The YAML editor bundles these for completion, hovers and validation; run after changing a schema:
//   npm run export:schemas        (or: npx tsx scripts/export-schemas.ts [--check])
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJsonSchemas } from '../gitops/core/schema/documents.ts';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outDir = path.join(root, 'resources/schemas');
const check = process.argv.includes('--check');
let stale = 0;
mkdirSync(outDir, { recursive: true });
for (const [name, schema] of Object.entries(exportJsonSchemas())) {
  const file = path.join(outDir, name);
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  let old: string | undefined;
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    old = undefined;
  }
  if (old === text) continue;
  stale++;
  if (check) process.stderr.write(`${path.relative(root, file)} is stale\n`);
  else writeFileSync(file, text);
}
if (check && stale) {
  process.stderr.write('run `npm run export:schemas`\n');
  process.exit(1);
}
process.stdout.write(check ? 'schemas up to date\n' : `wrote ${stale} schema file(s) to resources/schemas/\n`);
