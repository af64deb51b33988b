import type { PanelAction } from '../sim/panel-html.ts';

const action = (line: string): PanelAction => ({ label: line, line });

const SCALE = ['weight 1.25', 'weight 0', 'motion on', 'motion off', 'garbage'].map(action);
const MODBUS = ['open 0', 'close 0', 'fill 0 90', 'smoke 0 on', 'smoke 0 off', 'state'].map(action);

/**
 * Buttons on the `sim` panel, per kind: the commands a demo or a technician
 * reaches for first. Anything else goes in the panel's free command line.
 */
const ACTIONS: Record<string, PanelAction[]> = {
  'idcard-ga467': ['present 0', 'present 1', 'remove', 'state'].map(action),
  'rfid-em4100': ['tap 0F0030C2A4', 'present 0F0030C2A4', 'remove', 'garbage', 'state'].map(action),
  'rfid-wedge': ['present 0000C80ECC', 'garbage', 'state'].map(action),
  'rfid-wiegand': ['present 123 4567', 'garbage', 'state'].map(action),
  'scale-xk3190': SCALE,
  'scale-toledo': SCALE,
  'scale-sics': SCALE,
  'scale-and': SCALE,
  'escpos-printer': ['paper-out on', 'paper-out off', 'cover-open on', 'cover-open off', 'receipts'].map(
    action,
  ),
  modbus: MODBUS,
  'bin-controller': MODBUS,
};

export function panelActions(kind: string): PanelAction[] {
  return ACTIONS[kind] ?? [];
}
