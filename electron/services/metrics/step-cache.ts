/**
 * Answers keyed by query and window. Windows are aligned to the range's step, so a live refresh
 * within one step hits; a new step is a new key and old keys age out (least recently used first).
 */
export class StepCache<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly max: number) {}

  get(key: string): T | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, v: T): void {
    this.map.delete(key);
    this.map.set(key, v);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }

  get size(): number {
    return this.map.size;
  }
}
