import { useCallback, useEffect, useState } from 'react';
import type { AgentToKiosk, CardSeen } from '@yaofang/shared/local-api';
import { useAgentMessages } from './agent-connection.ts';

/** How long the "card recognised" screen stays before the attract screen returns. */
const CARD_SCREEN_MS = 10_000;

export function App() {
  const [card, setCard] = useState<CardSeen | null>(null);
  const [uplink, setUplink] = useState<{ connected: boolean; backlog: number } | null>(null);
  const [station, setStation] = useState<string>('');

  const onMessage = useCallback((message: AgentToKiosk) => {
    switch (message.type) {
      case 'hello':
        setStation(message.station);
        return;
      case 'card.seen':
        setCard(message.card);
        return;
      case 'uplink':
        setUplink({ connected: message.connected, backlog: message.backlog });
        return;
      default: {
        const unexpected: never = message;
        void unexpected;
      }
    }
  }, []);
  const connection = useAgentMessages(onMessage);

  useEffect(() => {
    if (!card) return;
    const timer = window.setTimeout(() => setCard(null), CARD_SCREEN_MS);
    return () => window.clearTimeout(timer);
  }, [card]);

  return (
    <div className="screen">
      <header className="topbar">
        <span className="brand">社区自助服务终端</span>
        <span className="station">{station}</span>
      </header>
      {connection !== 'open' && (
        <div className="banner banner-error" role="alert">
          正在连接终端服务… / Connecting to the terminal service…
        </div>
      )}
      {uplink && !uplink.connected && (
        <div className="banner banner-warn" role="status">
          网络离线：业务已保存在本机，恢复后自动同步（{uplink.backlog} 条待同步）/ Offline: transactions are
          kept and will sync
        </div>
      )}
      <main className="content">
        {card ? (
          <section className="card-seen" data-testid="card-seen" aria-live="polite">
            <h1>已识别卡片</h1>
            <p className="sub">Card recognised</p>
            <p className="ref">
              卡片编号 <span data-testid="card-ref">{card.cardRef}</span> · 记录号{' '}
              <span data-testid="card-seq">{card.seq}</span>
            </p>
          </section>
        ) : (
          <section className="attract" data-testid="attract">
            <h1>请刷卡</h1>
            <p className="sub">Please tap your card</p>
          </section>
        )}
      </main>
    </div>
  );
}
