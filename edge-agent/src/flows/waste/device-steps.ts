import type { LidState } from '@yaofang/firmware-bridge';
import { err, ok, type Result } from '@yaofang/shared';
import type { BinPort, ScalePort } from './ports.ts';

/** How often a lid wait re-reads the poller's last state (the poller's baseline read emits no event). */
const LID_POLL_MS = 250;
/** Pause between close commands the controller did not take (a port still opening after a restart). */
const CLOSE_RETRY_MS = 500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Resolves true once the compartment's lid reports `target`, false on a jam
 * or after `timeoutMs`. Listens to the poller's events and also looks at its
 * last read, since the first read after a start is a baseline without events.
 */
export function waitForLid(
  bin: BinPort,
  compartment: number,
  target: Extract<LidState, 'open' | 'closed'>,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (reached: boolean) => {
      clearTimeout(timer);
      clearInterval(poll);
      dispose();
      resolve(reached);
    };
    const check = (lid: LidState | undefined) => {
      if (lid === target) settle(true);
      else if (lid === 'jammed') settle(false);
    };
    const timer = setTimeout(() => settle(false), timeoutMs);
    const poll = setInterval(() => check(bin.lastKnown(compartment)?.lid), LID_POLL_MS);
    const dispose = bin.onEvent((event) => {
      if (event.type === 'lid-changed' && event.compartment === compartment) check(event.to);
    });
    check(bin.lastKnown(compartment)?.lid);
  });
}

/**
 * Close a lid and wait until it reports closed: true when it did within
 * `timeoutMs`. A refused command is retried until then, since the
 * controller's own auto-close may still close it.
 */
export async function closeLid(bin: BinPort, compartment: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while ((await bin.closeLid(compartment)).code !== 'ok' && Date.now() + CLOSE_RETRY_MS < deadline) {
    if (bin.lastKnown(compartment)?.lid === 'closed') return true;
    await sleep(CLOSE_RETRY_MS);
  }
  return waitForLid(bin, compartment, 'closed', Math.max(0, deadline - Date.now()));
}

/**
 * The dropping step: `closed` resolves when the lid leaves `open` (the
 * controller's auto-close, an alarm closing it), on `end()` (完成) or after
 * `limitMs`, whichever comes first.
 */
export function whileOpen(
  bin: BinPort,
  compartment: number,
  limitMs: number,
): { closed: Promise<void>; end: () => void } {
  let end: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    const timer = setTimeout(() => end(), limitMs);
    const dispose = bin.onEvent((event) => {
      if (event.type === 'lid-changed' && event.compartment === compartment && event.to !== 'open') end();
    });
    end = () => {
      clearTimeout(timer);
      dispose();
      resolve();
    };
  });
  return { closed, end };
}

/** Why no weight: the reading never settled, or there is no working scale. */
export type WeighFailure = 'unstable' | 'unavailable';

/** A stable gross weight in grams, trying up to `attempts` times. */
export async function weigh(
  scale: ScalePort | undefined,
  timeoutMs: number,
  attempts: number,
): Promise<Result<number, WeighFailure>> {
  if (!scale) return err('unavailable');
  let failure: WeighFailure = 'unavailable';
  for (let attempt = 0; attempt < attempts; attempt++) {
    const reading = await scale.readStable(timeoutMs);
    if (reading.ok) return ok(reading.value.grams);
    const { code } = reading.error;
    failure = code === 'timeout' || code === 'overload' ? 'unstable' : 'unavailable';
    if (code === 'stopped') break;
    // A disconnected scale answers at once: wait as long as a reading would, in case it comes back.
    if (failure === 'unavailable' && attempt + 1 < attempts) await sleep(Math.min(timeoutMs, 1000));
  }
  return err(failure);
}
