/** One file a plan creates or modifies, with its full new content. */
export interface PlannedFile {
  path: string;
  action: 'create' | 'modify';
  content: string;
}

/** What `gantry plan ...` proposes: the files and the reasoning, in plain sentences. */
export interface Plan {
  files: PlannedFile[];
  notes: string[];
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; message: string };

export function planError(message: string): PlanResult {
  return { ok: false, message };
}

/** `1 GPU`, `2 GPUs`. */
export function gpuCount(n: number): string {
  return `${n} GPU${n === 1 ? '' : 's'}`;
}
