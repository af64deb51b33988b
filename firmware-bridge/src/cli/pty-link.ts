import { lstat, mkdtemp, readlink, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { err, ok, type Result } from '@yaofang/shared/result';
import { startPtyPair, type PtyPair } from '../sim/pty.ts';
import type { ByteTransport } from '../transport/types.ts';
import { errorMessage, runFailure, usageFailure, type CliFailure } from './io.ts';

/**
 * A socat pty pair for `sim` and `replay`: our end lives in a private temp
 * directory, the other end is the symlink `link` a driver opens as it would
 * open /dev/ttyUSB0. `close()` stops socat (which removes the links) and
 * cleans up whatever is left.
 */
export interface PtyLink {
  /** Absolute path of the symlink for the driver. */
  link: string;
  /** Our end, to open with a SerialTransport. */
  devicePath: string;
  close(): Promise<void>;
}

/** Refuse to clobber a file or a live link; clear a stale link a killed run left behind. */
async function checkLinkPath(link: string): Promise<Result<void, CliFailure>> {
  try {
    if (!(await stat(dirname(link))).isDirectory()) {
      return err(usageFailure(`--link ${link}: ${dirname(link)} is not a directory`));
    }
  } catch {
    return err(usageFailure(`--link ${link}: directory ${dirname(link)} does not exist`));
  }
  let isLink: boolean;
  try {
    isLink = (await lstat(link)).isSymbolicLink();
  } catch {
    return ok(undefined); // nothing there: the usual case
  }
  if (!isLink) return err(usageFailure(`--link ${link} exists and is not a symlink; choose another path`));
  try {
    await stat(link);
    return err(
      usageFailure(
        `--link ${link} already points at ${await readlink(link)}; is another simulator using it?`,
      ),
    );
  } catch {
    await unlink(link);
    return ok(undefined);
  }
}

export async function openPtyLink(linkArgument: string): Promise<Result<PtyLink, CliFailure>> {
  const link = resolve(linkArgument);
  const checked = await checkLinkPath(link);
  if (!checked.ok) return checked;
  const dir = await mkdtemp(join(tmpdir(), 'yaofang-bridge-'));
  let pair: PtyPair;
  try {
    pair = await startPtyPair(join(dir, 'device'), link);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    return err(runFailure(errorMessage(error)));
  }
  return ok({
    link,
    devicePath: pair.devicePath,
    async close() {
      try {
        await pair.stop();
      } finally {
        await removeIfSymlink(link);
        await rm(dir, { recursive: true, force: true });
      }
    },
  });
}

/** socat removes its links on SIGTERM; this covers a socat that died some other way. */
async function removeIfSymlink(path: string): Promise<void> {
  try {
    if ((await lstat(path)).isSymbolicLink()) await unlink(path);
  } catch {
    // already gone
  }
}

/**
 * Resolve when the transport is connected. The first failed open is final
 * here: at startup a wrong path or a busy port should be an error at once,
 * not a silent retry loop.
 */
export function waitConnected(transport: ByteTransport, timeoutMs = 5000): Promise<Result<void, CliFailure>> {
  return new Promise((resolvePromise) => {
    if (transport.health().state === 'connected') {
      resolvePromise(ok(undefined));
      return;
    }
    const finish = (result: Result<void, CliFailure>) => {
      clearTimeout(timer);
      dispose();
      resolvePromise(result);
    };
    const dispose = transport.onHealth((health) => {
      if (health.state === 'connected') finish(ok(undefined));
      else if (health.lastError) finish(err(runFailure(`cannot open ${health.lastError}`)));
    });
    const timer = setTimeout(
      () => finish(err(runFailure(`cannot open ${transport.name}: no answer within ${timeoutMs} ms`))),
      timeoutMs,
    );
  });
}
