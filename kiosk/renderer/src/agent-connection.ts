import { useEffect, useState } from 'react';
import { agentToKioskSchema, type AgentToKiosk } from '@yaofang/shared/local-api';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/**
 * The renderer's one link to the edge-agent: a WebSocket on the page's own
 * origin (the token travels in the HttpOnly cookie the agent set). It
 * reconnects after the agent restarts, with a capped backoff.
 */
export function useAgentMessages(onMessage: (message: AgentToKiosk) => void): ConnectionState {
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => {
    let socket: WebSocket | null = null;
    let retryMs = 250;
    let timer: number | undefined;
    let stopped = false;
    const connect = () => {
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
      socket = new WebSocket(url);
      socket.onopen = () => {
        retryMs = 250;
        setState('open');
      };
      socket.onmessage = (event: MessageEvent<string>) => {
        const parsed = agentToKioskSchema.safeParse(JSON.parse(event.data));
        if (parsed.success) onMessage(parsed.data);
      };
      socket.onclose = () => {
        setState('closed');
        if (stopped) return;
        timer = window.setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 5000);
      };
    };
    connect();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      socket?.close();
    };
  }, [onMessage]);
  return state;
}
