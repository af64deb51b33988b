import { IPC_CHANNELS, type IpcChannel } from '../ipc-channels.ts';

/**
 * Validation of every IPC message before main acts on it: the channel must
 * be one we know, the sender must be the main frame of the agent's origin
 * (not an iframe, not a page that got there by some navigation bug) and the
 * arguments must have the expected shape and size.
 */

/** A generous cap for one A4 document of HTML; anything larger is a bug or an attack. */
export const MAX_PRINT_HTML_BYTES = 2 * 1024 * 1024;

export interface IpcSender {
  /** URL of the frame that sent the message; null when the frame is gone. */
  frameUrl: string | null;
  /** Whether that frame is the top-level frame of its window. */
  isMainFrame: boolean;
}

export type IpcRequest =
  { channel: typeof IPC_CHANNELS.printA4; html: string } | { channel: typeof IPC_CHANNELS.relaunch };

export type IpcValidation = { ok: true; request: IpcRequest } | { ok: false; reason: string };

const KNOWN = new Set<string>(Object.values(IPC_CHANNELS));

export function isKnownChannel(channel: string): channel is IpcChannel {
  return KNOWN.has(channel);
}

export function validateIpc(
  channel: string,
  sender: IpcSender,
  args: readonly unknown[],
  agentOrigin: string,
): IpcValidation {
  if (!isKnownChannel(channel)) return { ok: false, reason: `unknown channel ${channel}` };
  const origin = senderOrigin(sender.frameUrl);
  if (origin !== agentOrigin) return { ok: false, reason: `sender origin ${origin} is not the agent` };
  if (!sender.isMainFrame) return { ok: false, reason: 'sender is a subframe' };
  switch (channel) {
    case IPC_CHANNELS.printA4: {
      const [html] = args;
      if (args.length !== 1 || typeof html !== 'string')
        return { ok: false, reason: 'printA4 takes one string' };
      if (Buffer.byteLength(html, 'utf8') > MAX_PRINT_HTML_BYTES) {
        return { ok: false, reason: 'printA4 document too large' };
      }
      return { ok: true, request: { channel, html } };
    }
    case IPC_CHANNELS.relaunch:
      if (args.length !== 0) return { ok: false, reason: 'relaunch takes no arguments' };
      return { ok: true, request: { channel } };
  }
}

function senderOrigin(url: string | null): string {
  if (!url) return '(gone)';
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid)';
  }
}
