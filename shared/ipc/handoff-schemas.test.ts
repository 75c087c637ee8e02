import { describe, expect, it } from 'vitest';
import { CONTRACT } from './contract.ts';
import { INVOKE_CHANNELS, MENU_COMMANDS } from './channel-names.ts';

describe('handoff channels', () => {
  it('are named, in the contract, and the menu knows the handoff command', () => {
    for (const c of ['git:exportBundle', 'git:previewBundle', 'git:importBundle'] as const) {
      expect(INVOKE_CHANNELS).toContain(c);
      expect(CONTRACT[c]).toBeDefined();
    }
    expect(MENU_COMMANDS).toContain('handoff');
  });

  it('refuse extra keys, NUL in paths, a bad op id and a tip that is not an object id', () => {
    expect(CONTRACT['git:exportBundle'].input.safeParse({ folder: '/media/usb' }).success).toBe(true);
    expect(CONTRACT['git:exportBundle'].input.safeParse({ folder: '/media/usb', extra: 1 }).success).toBe(false);
    expect(CONTRACT['git:exportBundle'].input.safeParse({ folder: '/media/\0usb' }).success).toBe(false);
    expect(CONTRACT['git:previewBundle'].input.safeParse({ file: '' }).success).toBe(false);
    expect(CONTRACT['git:importBundle'].input.safeParse({ opId: 'op-123456', file: '/x.bundle', expectTip: 'a'.repeat(40) }).success).toBe(true);
    expect(CONTRACT['git:importBundle'].input.safeParse({ opId: 'op-123456', file: '/x.bundle', expectTip: 'HEAD' }).success).toBe(false);
    expect(CONTRACT['git:importBundle'].input.safeParse({ opId: 'x', file: '/x.bundle' }).success).toBe(false);
  });
});
