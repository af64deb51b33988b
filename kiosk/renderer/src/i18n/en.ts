import type { Catalogue } from './zh-cn.ts';

/** English. Same keys as zh-cn.ts (the type and a unit test both insist). */
export const en: Catalogue = {
  app: {
    documentTitle: 'Yaofang self-service terminal',
    brand: 'Community Self-Service Terminal',
    station: 'Station {{station}}',
  },
  language: {
    label: 'Language',
    zh: '中文',
    en: 'English',
  },
  attract: {
    prompt: 'Please tap your card',
    hint: 'Place your resident card or ID card on the reader',
    settings: 'Display and voice settings',
  },
  clock: {
    label: 'Current time',
  },
  card: {
    title: 'Card recognised',
    ref: 'Card number',
    seq: 'Record number',
    finish: 'Finish and sign out',
  },
  settings: {
    title: 'Display and voice',
    elderly: 'Elderly mode',
    elderlyHint: 'Larger text and buttons, more time to respond',
    highContrast: 'High contrast',
    highContrastHint: 'Bright text on black, easier to read',
    voice: 'Voice prompts',
    voiceHint: 'Read out card taps and reminders',
    on: 'On',
    off: 'Off',
    back: 'Back',
  },
  banner: {
    label: 'Terminal status',
    connecting: 'Connecting to the terminal service…',
    offline: 'Offline: transactions are kept and will sync',
    backlog: '({{pending}} waiting to sync)',
    fault: 'Device fault: {{device}}, {{problem}}',
  },
  devices: {
    'rfid-reader': 'card reader',
    'id-card-reader': 'ID card reader',
    printer: 'printer',
    scale: 'scale',
    lid: 'drop-off lid',
    unknown: 'device',
  },
  faults: {
    disconnected: 'not connected, please ask staff',
    'paper-out': 'out of paper, please ask staff',
    jammed: 'paper jam, please ask staff',
    unknown: 'unavailable, please ask staff',
  },
  idle: {
    title: 'Are you still there?',
    body: 'Returning to the start screen in {{seconds}} s; your details will be cleared',
    continue: 'Continue',
  },
  keyboard: {
    input: 'Input',
    backspace: 'Delete',
    clear: 'Clear',
    space: 'Space',
    done: 'OK',
    letters: 'ABC',
    digits: '123',
  },
  speech: {
    cardSeen: 'Card recognised',
    stillThere: 'Are you still there? Tap Continue',
  },
};
