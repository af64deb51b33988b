import type { HallSessionView, WasteSessionView } from '@yaofang/shared';
import { waitFor } from '../../harness/free-port.ts';
import { RECIPIENT_CARD, type CardResident, type FlowStationRig } from './flow-station.ts';

/**
 * What one SIGKILL round does at the station, as a resident would, and what
 * it saw the agent commit. A driver stops touching the devices the moment
 * the round's kill is decided (`RoundControl.killed`), so what the scale and
 * the readers show afterwards is exactly what the test recorded.
 */

/** Thrown inside a driver once its agent is dead; the round ends there. */
export class RoundKilled extends Error {
  constructor() {
    super('the agent was killed');
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The round's kill switch and the phases its driver and the kiosk have reached. */
export class RoundControl {
  killed = false;
  private readonly reached = new Set<string>();

  constructor(private readonly rig: FlowStationRig) {}

  /** The driver passed a phase of its own (a tap, an intent sent). */
  mark(phase: string): void {
    if (!this.killed) this.reached.add(phase);
  }

  /** Phases reached by the driver, or shown on the kiosk (`waste:<step>`, `hall:<service state>`). */
  has(phase: string): boolean {
    return this.reached.has(phase) || kioskPhases(this.rig.kiosk?.messages ?? []).has(phase);
  }

  alive(): void {
    if (this.killed) throw new RoundKilled();
  }

  until<T>(probe: () => T | null | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
    return waitFor(
      () => {
        this.alive();
        return probe();
      },
      what,
      timeoutMs,
      10,
    );
  }

  async sleep(ms: number): Promise<void> {
    await sleep(ms);
    this.alive();
  }
}

function kioskPhases(messages: ReadonlyArray<{ type: string; session?: unknown }>): Set<string> {
  const phases = new Set<string>();
  for (const message of messages) {
    if (message.type === 'waste.session' && message.session)
      phases.add(`waste:${(message.session as WasteSessionView).step}`);
    if (message.type === 'hall.session' && message.session) {
      const session = message.session as HallSessionView;
      if (session.resident.signedInWith) phases.add('hall:signed-in');
      if (session.service) phases.add(`hall:${session.service.state}`);
    }
  }
  return phases;
}

export interface WasteDropRound {
  type: 'waste';
  card: CardResident;
  grossBeforeGrams: number;
  netGrams: number;
  /** The bag is on the scale (set once the lid opened). */
  placed: boolean;
  /** The kiosk showed the drop's result. */
  sawResult: boolean;
}

export type DebitKind = 'withdraw' | 'donate' | 'transfer';

export interface DebitRound {
  type: 'debit';
  deck: number;
  residentKey: string;
  kind: DebitKind;
  minutes: number;
  /** The relative's residentKey, for a transfer. */
  toKey: string | null;
  /** The kiosk listed the new operation. */
  sawRecorded: boolean;
}

export interface ServiceRound {
  type: 'service';
  deck: number;
  volunteerKey: string;
  /** How long the service lasts on the agent's flow clock (the central takes 30 to 720 minutes). */
  minutes: number;
  /** The kiosk showed the service submitted. */
  sawSubmitted: boolean;
}

export type FlowRound = WasteDropRound | DebitRound | ServiceRound;

/** The phases a round's kill may be aimed at, in the order the round passes them. */
export const KILL_PHASES: Record<FlowRound['type'], readonly string[]> = {
  waste: [
    'tapped',
    'waste:choose-category',
    'chosen',
    'waste:weighing-before',
    'waste:opening',
    'waste:dropping',
    'weight-placed',
    'done-sent',
    'waste:closing',
    'waste:weighing-after',
    'waste:result',
  ],
  debit: ['idcard-presented', 'hall:signed-in', 'intent-sent', 'recorded'],
  service: [
    'idcard-presented',
    'hall:signed-in',
    'hall:waiting-recipient',
    'recipient-tapped',
    'hall:in-progress',
    'hall:waiting-end-taps',
    'end-tap-recipient',
    'end-tap-volunteer',
    'hall:submitted',
  ],
};

/** A card read again this soon is the same presentation: lift it for longer between taps (RFID and ID card). */
const LIFT_MS = 1_500;

function wasteSession(rig: FlowStationRig, from: number): WasteSessionView | null {
  const last = rig.kiosk!.messages.slice(from).findLast((message) => message.type === 'waste.session');
  return last?.type === 'waste.session' ? last.session : null;
}

/**
 * Tap, choose kitchen, put the bag on the scale once the lid is open, press
 * 完成, see the result. The session may be one a restart finished (at its
 * result): the resident carries on in it.
 */
export async function driveWasteDrop(ctl: RoundControl, rig: FlowStationRig, round: WasteDropRound) {
  const { station } = rig;
  const kiosk = rig.kiosk!;
  ctl.alive();
  station.reader.tap(round.card.uid);
  ctl.mark('tapped');
  const ready = (step: string | undefined) => step === 'choose-category' || step === 'result';
  // Ours, not the session of another resident the tap has not ended yet: the masked household tells.
  const household = round.card.household!.slice(-2);
  const signedIn = await ctl.until(() => {
    const session = wasteSession(rig, 0);
    return ready(session?.step) && session?.household?.endsWith(household) && session;
  }, 'the waste session');
  const earlier = new Set(signedIn.drops.map((drop) => drop.dropId));
  for (let attempt = 1; ; attempt++) {
    const from = kiosk.messages.length;
    ctl.alive();
    kiosk.send({ type: 'waste.choose', category: 'kitchen' });
    ctl.mark('chosen');
    // Right after a start the scale may not have a stable reading yet: the flow says so and waits for another choice.
    const view = await ctl.until(() => {
      const session = wasteSession(rig, from);
      return (session?.step === 'dropping' || (ready(session?.step) && session?.notice)) && session;
    }, 'the lid open');
    if (view.step === 'dropping') break;
    if (attempt === 3) throw new Error(`the drop was refused three times: ${JSON.stringify(view.notice)}`);
  }
  ctl.alive();
  station.scale!.setGrams(round.grossBeforeGrams + round.netGrams);
  round.placed = true;
  ctl.mark('weight-placed');
  // Long enough for the indicator to settle on the new load before the lid closes.
  await ctl.sleep(600);
  kiosk.send({ type: 'waste.done' });
  ctl.mark('done-sent');
  const result = await ctl.until(() => {
    const session = wasteSession(rig, 0);
    return session?.step === 'result' && session;
  }, 'the drop result');
  if (!result.drops.some((drop) => !earlier.has(drop.dropId)))
    throw new Error(`the drop ended without a result: ${JSON.stringify(result.notice)}`);
  round.sawResult = true;
  ctl.mark('recorded');
}

/** Present the ID card (lifted first, so it is a new presentation) and wait for the signed-in session. */
async function signInWithIdCard(ctl: RoundControl, rig: FlowStationRig, deck: number) {
  const idcard = rig.station.idcard!;
  ctl.alive();
  idcard.remove();
  idcard.present(deck);
  ctl.mark('idcard-presented');
  const view = await ctl.until(
    () => rig.hallSession()?.resident.signedInWith === 'idcard' && rig.hallSession(),
    'the ID card session',
  );
  idcard.remove();
  return { view, liftedAt: Date.now() };
}

/** A withdrawal, donation or transfer from a resident signed in with the ID card, online. */
export async function driveDebit(ctl: RoundControl, rig: FlowStationRig, round: DebitRound) {
  const { view: signedIn } = await signInWithIdCard(ctl, rig, round.deck);
  await ctl.until(() => rig.uplinkConnected(), 'the uplink connected (an offline debit has a quota)');
  const before = new Set(signedIn.operations.map((op) => op.opId));
  ctl.alive();
  const kiosk = rig.kiosk!;
  if (round.kind === 'withdraw')
    kiosk.send({ type: 'timebank.withdraw', minutes: round.minutes, serviceType: 'elderly-care' });
  else if (round.kind === 'donate') kiosk.send({ type: 'timebank.donate', minutes: round.minutes });
  else kiosk.send({ type: 'timebank.transfer', minutes: round.minutes, toKey: round.toKey! });
  ctl.mark('intent-sent');
  const view = await ctl.until(() => {
    const session = rig.hallSession();
    return session && (session.notice || session.operations.some((op) => !before.has(op.opId))) && session;
  }, 'the operation recorded');
  if (view.notice) throw new Error(`the ${round.kind} was refused: ${JSON.stringify(view.notice)}`);
  round.sawRecorded = true;
  ctl.mark('recorded');
}

/**
 * A volunteer service: start, the recipient taps, time passes on the flow
 * clock, end, both tap, the deposit. A service a kill left open is resumed
 * at the volunteer's next sign-in, and only what is missing of its time is
 * added: it still ends up at least `round.minutes` long.
 */
export async function driveService(ctl: RoundControl, rig: FlowStationRig, round: ServiceRound) {
  const { station } = rig;
  const kiosk = rig.kiosk!;
  const signedIn = await signInWithIdCard(ctl, rig, round.deck);
  let view = signedIn.view;
  let recipientTappedAt = 0;
  if (view.service?.state !== 'in-progress') {
    kiosk.send({ type: 'timebank.service.start', serviceType: 'mutual-help' });
    await ctl.until(
      () => rig.hallSession()?.service?.state === 'waiting-recipient',
      'waiting for the recipient',
    );
    ctl.alive();
    station.reader.tap(RECIPIENT_CARD.uid);
    recipientTappedAt = Date.now();
    ctl.mark('recipient-tapped');
    view = await ctl.until(
      () => rig.hallSession()?.service?.state === 'in-progress' && rig.hallSession(),
      'the service in progress',
    );
  }
  const elapsed = rig.flowNow() - view.service!.startedAt!;
  ctl.alive();
  if (elapsed < round.minutes * 60_000) rig.advanceClock(round.minutes * 60_000 - elapsed);
  kiosk.send({ type: 'timebank.service.end' });
  await ctl.until(() => rig.hallSession()?.service?.state === 'waiting-end-taps', 'waiting for the end taps');
  await ctl.sleep(Math.max(0, recipientTappedAt + LIFT_MS - Date.now()));
  station.reader.tap(RECIPIENT_CARD.uid);
  ctl.mark('end-tap-recipient');
  await ctl.until(() => rig.hallSession()?.service?.endTaps.recipient, 'the recipient’s end tap');
  // The reader reports the same card again only after it saw the field empty.
  await ctl.sleep(Math.max(0, signedIn.liftedAt + LIFT_MS - Date.now()));
  station.idcard!.present(round.deck);
  ctl.mark('end-tap-volunteer');
  await ctl.until(() => rig.hallSession()?.service?.state === 'submitted', 'the service submitted');
  station.idcard!.remove();
  round.sawSubmitted = true;
  ctl.mark('recorded');
}

export function driveRound(ctl: RoundControl, rig: FlowStationRig, round: FlowRound): Promise<void> {
  switch (round.type) {
    case 'waste':
      return driveWasteDrop(ctl, rig, round);
    case 'debit':
      return driveDebit(ctl, rig, round);
    case 'service':
      return driveService(ctl, rig, round);
  }
}
