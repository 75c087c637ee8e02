import { z } from 'zod';

/** DNS-1123 label as SPEC-FORMAT.md defines names: lowercase a-z0-9-, starts with a letter, at most 40. */
export const NAME_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const NAME_MAX = 40;

export const dnsName = z
  .string()
  .max(NAME_MAX, { message: `must be at most ${NAME_MAX} characters` })
  .regex(NAME_PATTERN, { message: 'must be lowercase a-z, 0-9 and "-", start with a letter and not end with "-"' });

/** A reference to another object by name; looser than dnsName so a bad reference reports as ref.missing. */
export const refName = z.string().min(1);

export const region = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, { message: 'must be a lowercase region name such as westeurope' });

const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/** A Kubernetes resource quantity ("8", "500m", "32Gi"); a bare YAML number is accepted and kept as text. */
export const quantity = z
  .union([z.string(), z.number().nonnegative()])
  .transform((v) => String(v))
  .pipe(z.string().regex(QUANTITY, { message: 'must be a Kubernetes quantity such as "8", "500m" or "32Gi"' }));

export const gpuType = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*$/, { message: 'must be a GPU type label value such as nvidia-h100' });

export const metadata = z.strictObject({
  name: dnsName,
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
