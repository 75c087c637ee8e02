import { guarded } from '../background.ts';

/**
 * Fires `onSilent` when `kick` was not called for `silenceMs`: a watch whose server stopped
 * answering (paused, half-open connection) sends nothing, and no error ever comes.
 * The apiserver sends a BOOKMARK about every 60 s on a watch with allowWatchBookmarks, so a quiet
 * but healthy watch kicks at least that often.
 */
export class Watchdog {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private stopped = true;

  constructor(
    private readonly silenceMs: number,
    private readonly onSilent: (silentForMs: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.stopped = false;
    this.kick();
  }

  kick(): void {
    if (this.stopped) return;
    this.last = this.now();
    if (!this.timer) this.arm(this.silenceMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One timer for the whole watch, re-armed for what is left rather than reset on every event. */
  private arm(ms: number): void {
    this.timer = setTimeout(
      guarded('the watch watchdog', () => {
        this.timer = undefined;
        if (this.stopped) return;
        const silent = this.now() - this.last;
        if (silent >= this.silenceMs) {
          this.stopped = true;
          this.onSilent(silent);
        } else this.arm(this.silenceMs - silent);
      }),
      ms,
    );
    this.timer.unref?.();
  }
}
