import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../../gitops/node/atomic-write.ts';
import type { Bounds } from './security.ts';

const stateSchema = z.object({
  width: z.number().int().min(400).max(20000),
  height: z.number().int().min(300).max(20000),
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  maximized: z.boolean().optional(),
});
export type WindowState = z.infer<typeof stateSchema>;

export const DEFAULT_STATE: WindowState = { width: 1440, height: 900 };

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The saved window size and position (userData/window-state.json), or the default. */
export function loadWindowState(file: string): WindowState {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_STATE;
  } catch {
    return DEFAULT_STATE;
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    writeFileAtomic(file, `${JSON.stringify(state)}\n`, { durable: false });
  } catch {
    // Losing the window position is not worth an error dialog.
  }
}

/** Drops the saved position when no display shows the window's title bar any more (monitor unplugged). */
export function fitToDisplays(state: WindowState, workAreas: readonly Rect[]): Bounds {
  const { width, height } = state;
  if (state.x === undefined || state.y === undefined) return { width, height };
  const x = state.x;
  const y = state.y;
  const visible = workAreas.some((a) => x + 100 > a.x && x + 100 < a.x + a.width && y + 10 >= a.y && y + 10 < a.y + a.height);
  return visible ? { width, height, x, y } : { width, height };
}
