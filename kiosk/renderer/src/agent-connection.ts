import { useCallback, useEffect, useRef, useState } from 'react';
import { agentToKioskSchema, type AgentToKiosk, type KioskToAgent } from '@yaofang/shared/local-api';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface AgentConnection {
  state: ConnectionState;
  /** Sends an intent; false when the socket is not open (the agent is restarting). */
  send: (message: KioskToAgent) => boolean;
}

/**
 * The renderer's one link to the edge-agent: a WebSocket on the page's own
 * origin (the token travels in the HttpOnly cookie the agent set). It
 * reconnects after the agent restarts, with a capped backoff.
 */
export function useAgentConnection(onMessage: (message: AgentToKiosk) => void): AgentConnection {
  const [state, setState] = useState<ConnectionState>('connecting');
  const socketRef = useRef<WebSocket | null>(null);
  useEffect(() => {
    let retryMs = 250;
    let timer: number | undefined;
    let stopped = false;
    const connect = () => {
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
      const socket = new WebSocket(url);
      socketRef.current = socket;
      socket.onopen = () => {
        retryMs = 250;
        setState('open');
      };
      socket.onmessage = (event: MessageEvent<string>) => {
        let data: unknown;
        try {
          data = JSON.parse(event.data);
        } catch {
          return;
        }
        const parsed = agentToKioskSchema.safeParse(data);
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
      socketRef.current?.close();
      socketRef.current = null;
    };
  }, [onMessage]);

  const send = useCallback((message: KioskToAgent) => {
    const socket = socketRef.current;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  }, []);
  return { state, send };
}
