import { create } from 'zustand';
import { compareFindings, type Finding } from '../../shared/findings.ts';
import type { Delta, Rows, Snapshot, Thresholds } from '../../shared/ipc/schemas.ts';

export interface FileStatus {
  errors: number;
  warnings: number;
}

interface WorkspaceState {
  root: string | undefined;
  name: string;
  isGitRepo: boolean;
  revision: number;
  thresholds: Thresholds;
  rows: Rows;
  files: string[];
  findings: Finding[];
  status: Map<string, FileStatus>;
  setSnapshot(s: Snapshot): void;
  applyDelta(d: Delta): void;
  clear(): void;
}

const EMPTY_ROWS: Rows = { tenants: [], shards: [], pools: [], clusters: [], routing: [] };
const NO_STATUS: FileStatus = { errors: 0, warnings: 0 };

function statusOf(findings: readonly Finding[]): Map<string, FileStatus> {
  const m = new Map<string, FileStatus>();
  for (const f of findings) {
    let s = m.get(f.file);
    if (!s) m.set(f.file, (s = { errors: 0, warnings: 0 }));
    if (f.severity === 'error') s.errors++;
    else s.warnings++;
  }
  return m;
}

function replaceRows<T extends { file: string }>(old: readonly T[], files: ReadonlySet<string>, fresh: readonly T[]): T[] {
  return [...old.filter((r) => !files.has(r.file)), ...fresh];
}

/** The open workspace as rows and findings; deltas from the host replace what they name. */
export const useWorkspace = create<WorkspaceState>()((set) => ({
  root: undefined,
  name: '',
  isGitRepo: false,
  revision: 0,
  thresholds: { poolPercent: 70, shardPercent: 85 },
  rows: EMPTY_ROWS,
  files: [],
  findings: [],
  status: new Map(),
  setSnapshot: (s) =>
    set({
      root: s.root,
      name: s.name,
      isGitRepo: s.isGitRepo,
      revision: s.revision,
      thresholds: s.thresholds,
      rows: s.rows,
      files: s.files,
      findings: s.findings,
      status: statusOf(s.findings),
    }),
  applyDelta: (d) =>
    set((st) => {
      const files = new Set(d.files);
      const findings = [...st.findings.filter((f) => !files.has(f.file)), ...d.findings].sort(compareFindings);
      return {
        revision: Math.max(st.revision, d.revision),
        thresholds: d.thresholds,
        files: d.specFiles ?? st.files,
        rows: {
          tenants: replaceRows(st.rows.tenants, files, d.rows.tenants),
          shards: replaceRows(st.rows.shards, files, d.rows.shards),
          pools: replaceRows(st.rows.pools, files, d.rows.pools),
          clusters: replaceRows(st.rows.clusters, files, d.rows.clusters),
          routing: replaceRows(st.rows.routing, files, d.rows.routing),
        },
        findings,
        status: statusOf(findings),
      };
    }),
  clear: () => set({ root: undefined, name: '', rows: EMPTY_ROWS, files: [], findings: [], status: new Map(), isGitRepo: false }),
}));

/** Error and warning counts of one file. */
export function useFileStatus(file: string | undefined): FileStatus {
  return useWorkspace((s) => (file ? s.status.get(file) : undefined) ?? NO_STATUS);
}

/** Findings of one file, in stable order. */
export function findingsOf(findings: readonly Finding[], file: string | undefined): Finding[] {
  return file ? findings.filter((f) => f.file === file) : [];
}

/** Error and warning totals. */
export function useTotals(): FileStatus {
  const findings = useWorkspace((s) => s.findings);
  let errors = 0;
  for (const f of findings) if (f.severity === 'error') errors++;
  return { errors, warnings: findings.length - errors };
}
