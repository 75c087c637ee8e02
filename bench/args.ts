// The command-line options the benches share: `--name value` pairs after the script's path.

/** The value after `--name` on the command line, or undefined when it is not given. */
export function argValue(name: string, argv: readonly string[] = process.argv): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** `--seconds N`: the length of a watch burst (the 60 s when not given). */
export function burstSeconds(argv: readonly string[] = process.argv): number {
  const s = Number(argValue('--seconds', argv) ?? 60);
  if (!Number.isFinite(s) || s <= 0) throw new Error(`--seconds wants a positive number of seconds, not "${argValue('--seconds', argv)}"`);
  return s;
}
