import { parse } from 'yaml';
import { findTooDeep } from '../../gitops/core/load/nesting.ts';
import { z } from 'zod';
import { planAddTenant } from '../../gitops/core/plan/add-tenant.ts';
import { planDrainShard } from '../../gitops/core/plan/drain-shard.ts';
import type { PlanResult } from '../../gitops/core/plan/plan-types.ts';
import type { Finding } from '../../shared/findings.ts';
import { HostError } from '../../shared/ipc/envelope.ts';
import type { AddTenantRequest, PlanPreview } from '../../shared/ipc/schemas.ts';
import type { WorkspaceService } from './workspace-service.ts';

/** The host side of `plan:*`: runs the core planner and previews what the plan would do to validation. */
export class PlanService {
  constructor(private readonly workspace: WorkspaceService) {}

  addTenant(req: AddTenantRequest, today = new Date().toISOString().slice(0, 10)): PlanPreview {
    const { model } = this.workspace.current();
    const preview = this.preview(planAddTenant(model, { ...req, today }));
    const tenantFile = preview.files.find((f) => f.path.startsWith('tenants/'));
    if (tenantFile) {
      const doc = safeParse(tenantFile.content);
      preview.suggestion = { shard: doc?.spec?.placement?.shard, pools: doc?.spec?.pools ?? {} };
    }
    return preview;
  }

  drainShard(shard: string): PlanPreview {
    const { model } = this.workspace.current();
    return this.preview(planDrainShard(model, shard));
  }

  /** Applies the planned files to the validator, reads the findings they cause, and puts everything back. */
  private preview(result: PlanResult): PlanPreview {
    if (!result.ok) throw new HostError('plan-failed', result.message);
    const { validator } = this.workspace.current();
    const saved = new Map<string, string | undefined>();
    const touched = new Set<string>();
    try {
      for (const f of result.plan.files) {
        saved.set(f.path, this.workspace.modelText(f.path));
        touched.add(f.path);
        for (const t of validator.update(f.path, f.content)) touched.add(t);
      }
      const findings: Finding[] = [];
      for (const f of touched) findings.push(...validator.findingsOf(f));
      return {
        files: result.plan.files.map((f) => ({ ...f, ...(saved.get(f.path) !== undefined ? { before: saved.get(f.path) } : {}) })),
        notes: result.plan.notes,
        findings,
      };
    } finally {
      for (const [file, text] of [...saved].reverse()) {
        if (text === undefined) validator.remove(file);
        else validator.update(file, text);
      }
    }
  }
}

const tenantDocShape = z.object({
  spec: z.object({
    placement: z.object({ shard: z.string() }).partial().optional(),
    pools: z.record(z.string(), z.string()).optional(),
  }).optional(),
});

function safeParse(text: string): z.infer<typeof tenantDocShape> | undefined {
  if (findTooDeep(text)) return undefined;
  try {
    const parsed = tenantDocShape.safeParse(parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
