/**
 * Voice prompts through the Web Speech API when the engine has it; a no-op
 * otherwise (Chromium without voices, tests), so callers never check.
 */
export interface SpeechEngine {
  speak(utterance: SpeechSynthesisUtterance): void;
  cancel(): void;
}

type UtteranceFactory = (text: string) => SpeechSynthesisUtterance;

function defaultEngine(): SpeechEngine | undefined {
  return 'speechSynthesis' in globalThis ? globalThis.speechSynthesis : undefined;
}

function defaultUtterance(): UtteranceFactory | undefined {
  return 'SpeechSynthesisUtterance' in globalThis ? (text) => new SpeechSynthesisUtterance(text) : undefined;
}

export function speak(
  text: string,
  lang: string,
  engine: SpeechEngine | undefined = defaultEngine(),
  makeUtterance: UtteranceFactory | undefined = defaultUtterance(),
): boolean {
  if (!engine || !makeUtterance) return false;
  const utterance = makeUtterance(text);
  utterance.lang = lang;
  // Elderly residents: a little slower than the engine's default.
  utterance.rate = 0.9;
  engine.cancel();
  engine.speak(utterance);
  return true;
}

/** Stops any prompt still playing, e.g. when the session is wiped. */
export function stopSpeaking(engine: SpeechEngine | undefined = defaultEngine()): void {
  engine?.cancel();
}
