import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { smallExample } from '../../gitops/core/examples/small.ts';
import type { EmulatedShard } from './emulator.ts';

/** The cluster of the example workspace the metrics tests monitor. */
export const CLUSTER = 'aks-weu-prod';

/** The example workspace (`gantry init --example small`) in a temp folder, with `spec.prometheusUrl` on CLUSTER. */
export function exampleWithPrometheus(url: string, dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-metrics-ws-'))): string {
  for (const [rel, text] of smallExample()) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    const withUrl = rel === `clusters/${CLUSTER}.yaml` ? `${text}  prometheusUrl: ${url}   # the Prometheus the metrics screens read\n` : text;
    writeFileSync(file, withUrl);
  }
  return dir;
}

/** The example's shards on CLUSTER, as the emulator runs them (replicas.min pods per server). */
export const EXAMPLE_SHARDS: EmulatedShard[] = [
  {
    name: 'globex',
    zones: ['1', '2', '3'],
    servers: [
      { name: 'llama', model: 'llama-3-8b', runtime: 'triton', replicas: 2 },
      { name: 'mistral', model: 'mistral-7b', runtime: 'vllm', replicas: 2 },
    ],
  },
  {
    name: 'weu-1',
    zones: ['1', '2', '3'],
    servers: [
      { name: 'llama', model: 'llama-3-8b', runtime: 'triton', replicas: 2 },
      { name: 'mistral', model: 'mistral-7b', runtime: 'vllm', replicas: 2 },
    ],
  },
  { name: 'weu-2', zones: ['1', '2', '3'], servers: [{ name: 'llama', model: 'llama-3-8b', runtime: 'triton', replicas: 2 }] },
];
