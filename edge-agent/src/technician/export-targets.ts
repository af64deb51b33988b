import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface ExportTarget {
  path: string;
  label: string;
}

const MAX_TARGETS = 20;

/**
 * Folders a technician may export logs to: the directories one or two
 * levels under each root (`/media/usb0`, `/run/media/tech/STICK`), mount
 * points (a USB stick) first. The kiosk shows this list and the agent only
 * ever exports to a folder on it, so a tap cannot aim the export anywhere else.
 */
export function listExportTargets(roots: readonly string[]): ExportTarget[] {
  const found: Array<ExportTarget & { mounted: boolean }> = [];
  for (const root of roots) {
    const rootDev = deviceOf(root);
    if (rootDev === null) continue;
    for (const child of subdirectories(root)) {
      const childDev = deviceOf(child);
      found.push({ path: child, label: relative(root, child), mounted: childDev !== rootDev });
      // /media/<user>/<stick>: look one level further when the child is not itself a stick.
      if (childDev === rootDev) {
        for (const grandchild of subdirectories(child)) {
          found.push({
            path: grandchild,
            label: relative(root, grandchild),
            mounted: deviceOf(grandchild) !== childDev,
          });
        }
      }
    }
  }
  found.sort((a, b) => Number(b.mounted) - Number(a.mounted) || a.path.localeCompare(b.path));
  return found.slice(0, MAX_TARGETS).map(({ path, label }) => ({ path, label }));
}

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => join(dir, entry.name))
      .sort();
  } catch {
    return [];
  }
}

function deviceOf(path: string): number | null {
  try {
    return statSync(path).dev;
  } catch {
    return null;
  }
}
