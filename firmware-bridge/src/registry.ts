import { err, ok, type Result } from '@yaofang/shared/result';
import type { DeviceKind } from './device.ts';
import { binControllerKind, modbusKind } from './bin/index.ts';
import { idcardKind } from './idcard/index.ts';
import { escposPrinterKind, escposStatusKind } from './printer/index.ts';
import { em4100Kind } from './rfid/index.ts';
import { wedgeKind } from './rfid-wedge/index.ts';
import { wiegandKind } from './rfid-wiegand/index.ts';
import { scaleDeviceKinds } from './scale/index.ts';

/** Every device kind the `yaofang-bridge` CLI knows, in the order `--help` lists them. */
export const DEVICE_KINDS: readonly DeviceKind[] = [
  idcardKind,
  em4100Kind,
  wedgeKind,
  wiegandKind,
  ...scaleDeviceKinds,
  escposStatusKind,
  escposPrinterKind,
  modbusKind,
  binControllerKind,
];

export type RegistryError =
  | { code: 'unknown-kind'; message: string }
  | { code: 'unknown-format'; message: string }
  | { code: 'no-formats'; message: string };

/** A kind with its wire format settled: the one asked for, else the kind's default. */
export interface ResolvedKind {
  kind: DeviceKind;
  /** Undefined for a kind with a single wire format. */
  format: string | undefined;
}

export function findKind(
  name: string,
  kinds: readonly DeviceKind[] = DEVICE_KINDS,
): Result<DeviceKind, RegistryError> {
  const found = kinds.find((kind) => kind.kind === name);
  if (found) return ok(found);
  return err({
    code: 'unknown-kind',
    message: `unknown device kind ${JSON.stringify(name)}; known: ${kinds.map((k) => k.kind).join(', ')}`,
  });
}

/** Check `format` against the kind's named formats (no format → the kind's default). */
export function resolveFormat(
  kind: DeviceKind,
  format: string | undefined,
): Result<string | undefined, RegistryError> {
  if (format === undefined) return ok(kind.defaultFormat);
  if (kind.formats.length === 0) {
    return err({
      code: 'no-formats',
      message: `${kind.kind} has a single wire format; drop --format ${format}`,
    });
  }
  if (!kind.formats.includes(format)) {
    return err({
      code: 'unknown-format',
      message: `unknown format ${JSON.stringify(format)} for ${kind.kind}; known: ${kind.formats.join(', ')}`,
    });
  }
  return ok(format);
}

/** `findKind` then `resolveFormat`: what `--device K [--format F]` means. */
export function resolveKind(
  name: string,
  format: string | undefined,
  kinds: readonly DeviceKind[] = DEVICE_KINDS,
): Result<ResolvedKind, RegistryError> {
  const kind = findKind(name, kinds);
  if (!kind.ok) return kind;
  const resolved = resolveFormat(kind.value, format);
  if (!resolved.ok) return resolved;
  return ok({ kind: kind.value, format: resolved.value });
}
