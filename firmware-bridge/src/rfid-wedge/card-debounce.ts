// Moved to rfid-common (the Wiegand driver debounces too); this path stays for existing imports.
export * from '../rfid-common/card-debounce.ts';
