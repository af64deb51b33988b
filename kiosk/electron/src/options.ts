import { agentOriginOf } from './policy/navigation.ts';
import { relaunchAttemptFrom } from './policy/crash-recovery.ts';

/**
 * Start-up options of the kiosk shell, from the command line and the
 * environment the systemd unit (or the demo) sets. Parsed once; a bad agent
 * URL stops the app at start rather than loading something unexpected.
 */
export interface KioskOptions {
  agentUrl: string;
  agentOrigin: string;
  tokenFile: string;
  /** `--devtools`: allow the inspector (technician on site only). */
  devtools: boolean;
  /** `--hide-cursor` or YF_HIDE_CURSOR=1: touch-only terminals show no mouse pointer. */
  hideCursor: boolean;
  relaunchAttempt: number;
}

export function kioskOptionsFrom(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): KioskOptions {
  const agentUrl = env.YF_AGENT_URL ?? 'http://127.0.0.1:7400';
  return {
    agentUrl,
    agentOrigin: agentOriginOf(agentUrl),
    tokenFile: env.YF_TOKEN_FILE ?? '/var/lib/yaofang/api-token',
    devtools: argv.includes('--devtools'),
    hideCursor: argv.includes('--hide-cursor') || env.YF_HIDE_CURSOR === '1',
    relaunchAttempt: relaunchAttemptFrom(argv),
  };
}

/** The first page load carries the token once; the agent moves it into an HttpOnly cookie and redirects. */
export function kioskEntryUrl(agentOrigin: string, token: string): string {
  return `${agentOrigin}/?token=${encodeURIComponent(token)}`;
}
