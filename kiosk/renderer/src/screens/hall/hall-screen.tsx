import type { HallSessionView } from '@yaofang/shared/hall-session';
import type { KioskToAgent } from '@yaofang/shared/local-api';
import { statementA4Html } from '@yaofang/shared/statement-a4';
import { bridgeFunction } from '../../kiosk-bridge.ts';
import type { HallPage } from '../../state/kiosk-state.ts';
import { AccountScreen, type A4State, type Account } from './account-screen.tsx';
import { ApprovalsScreen } from './approvals-screen.tsx';
import { HallHome } from './hall-home.tsx';
import { QueueScreen } from './queue-screen.tsx';
import { TimebankScreen } from './timebank-screen.tsx';

/**
 * The A4 statement from the view on screen, printed by the terminal
 * (Electron: a sandboxed window with JavaScript off). In browser mode there
 * is no A4 printer: the screen says the terminal has it.
 */
export async function printStatementA4(
  session: HallSessionView,
  account: Account,
  stationId: string,
): Promise<Exclude<A4State, 'idle' | 'printing'>> {
  const printA4 = bridgeFunction('printA4');
  if (!printA4) return 'unavailable';
  const html = statementA4Html({
    stationId,
    generatedAt: Date.now(),
    timezoneOffsetMinutes: -new Date().getTimezoneOffset(),
    resident: {
      maskedName: session.resident.maskedName,
      maskedIdNumber: session.resident.maskedIdNumber,
      household: session.resident.household,
    },
    account,
    balance: session.balances[account],
    entries: session.history?.entries ?? [],
  });
  try {
    return (await printA4(html)).ok ? 'sent' : 'failed';
  } catch {
    return 'failed';
  }
}

/** The self-service hall: the page the resident opened picks the screen. */
export function HallScreen(props: {
  session: HallSessionView;
  page: HallPage;
  station: string;
  send: (intent: KioskToAgent) => void;
  onPage: (page: HallPage) => void;
  onFinish: () => void;
  onSettings: () => void;
}) {
  const { session, send } = props;
  const home = () => props.onPage('home');
  const openAccount = (account: Account) => {
    props.onPage(account);
    send({ type: 'hall.history.load', account });
  };
  switch (props.page) {
    case 'points':
    case 'minutes': {
      const account = props.page;
      return (
        <AccountScreen
          key={account}
          session={session}
          account={account}
          onLoad={() => send({ type: 'hall.history.load', account })}
          onPrintReceipt={() => send({ type: 'hall.statement.print', account, format: 'receipt' })}
          onPrintA4={() => printStatementA4(session, account, props.station)}
          onHome={home}
        />
      );
    }
    case 'timebank':
      return (
        <TimebankScreen
          session={session}
          onServiceStart={(serviceType) => send({ type: 'timebank.service.start', serviceType })}
          onServiceEnd={() => send({ type: 'timebank.service.end' })}
          onWithdraw={(minutes, serviceType) => send({ type: 'timebank.withdraw', minutes, serviceType })}
          onDonate={(minutes) => send({ type: 'timebank.donate', minutes })}
          onFamilyLoad={() => send({ type: 'timebank.family.load' })}
          onTransfer={(toKey, minutes) => send({ type: 'timebank.transfer', toKey, minutes })}
          onMinutes={() => openAccount('minutes')}
          onHome={home}
        />
      );
    case 'approvals':
      return (
        <ApprovalsScreen
          session={session}
          onLookup={(applicationNo) => send({ type: 'approval.lookup', applicationNo })}
          onMine={() => send({ type: 'approval.mine' })}
          onSlip={() => send({ type: 'approval.slip.print' })}
          onHome={home}
        />
      );
    case 'queue':
      return (
        <QueueScreen
          session={session}
          onTake={(service) => send({ type: 'queue.take', service })}
          onHome={home}
        />
      );
    case 'home':
      return (
        <HallHome
          session={session}
          onOpen={(page) => (page === 'points' ? openAccount('points') : props.onPage(page))}
          onBind={() => send({ type: 'hall.bind.start' })}
          onFinish={props.onFinish}
          onSettings={props.onSettings}
        />
      );
  }
}
