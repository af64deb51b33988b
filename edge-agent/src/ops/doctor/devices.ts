import { closeSync, constants, existsSync, openSync, statSync } from 'node:fs';
import type { DeviceConfig } from '../../config/schema.ts';
import { errorCode, failCheck, okCheck, warnCheck, type CheckResult } from './check.ts';

/** What the device checks need to know about this machine, passed in so tests can set it. */
export interface DeviceFacts {
  /** Names of the groups this process runs with. */
  userGroups: readonly string[];
  /** Group name of a gid (`/etc/group`), undefined if unknown. */
  groupName(gid: number): string | undefined;
  /** HID devices present (node-hid); throws if HID cannot be enumerated. */
  listHid(): Promise<readonly { vendorId: number; productId: number; path?: string | undefined }[]>;
}

const dialoutHint = 'add the user to the dialout group: sudo usermod -aG dialout $USER, then log in again';
const hidrawHint =
  'install deploy/udev/99-yaofang.rules (hidraw GROUP="plugdev", MODE="0660") and reload: sudo udevadm control --reload && sudo udevadm trigger; add the user to plugdev: sudo usermod -aG plugdev $USER, then log in again';

type NodeKind = 'serial' | 'device-file' | 'hidraw';

function groupHint(kind: NodeKind, group: string | undefined): string {
  switch (kind) {
    case 'serial':
      return group && group !== 'dialout'
        ? `add the user to the ${group} group: sudo usermod -aG ${group} $USER, then log in again`
        : dialoutHint;
    case 'device-file':
      return `add the user to the ${group ?? 'lp'} group: sudo usermod -aG ${group ?? 'lp'} $USER, then log in again`;
    case 'hidraw':
      return hidrawHint;
  }
}

/**
 * The device node exists and this user may open it read-write. Opened with
 * O_NONBLOCK|O_NOCTTY and closed at once: no bytes are sent, no line
 * settings changed, and the terminal never becomes our controlling tty.
 */
export function checkDeviceNode(
  check: string,
  key: string,
  path: string,
  kind: NodeKind,
  facts: DeviceFacts,
): CheckResult {
  if (!existsSync(path)) {
    const where =
      kind === 'hidraw'
        ? 'ls -l /dev/hidraw* /dev/yaofang-*'
        : kind === 'serial'
          ? 'ls -l /dev/serial/by-id/ /dev/yaofang-*'
          : 'ls -l /dev/usb/';
    const groupAdvice =
      kind === 'serial' && !facts.userGroups.includes('dialout')
        ? `; the user is not in dialout either: ${dialoutHint}`
        : '';
    return failCheck(
      check,
      `${path} is not present: plug the device in, find its name (${where}) and set ${key}${groupAdvice}`,
    );
  }
  const stat = statSync(path);
  const group = facts.groupName(stat.gid);
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EACCES' || code === 'EPERM')
      return failCheck(
        check,
        `${path} (group ${group ?? stat.gid}) cannot be opened by this user: ${groupHint(kind, group)}`,
      );
    if (code === 'EBUSY')
      return warnCheck(
        check,
        `${path} is busy: another process holds it (the running agent? see: sudo fuser -v ${path})`,
      );
    return failCheck(
      check,
      `${path} cannot be opened (${code}): unplug and replug the device; check dmesg | tail`,
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (!stat.isCharacterDevice())
    return warnCheck(
      check,
      `${path} opens but is not a device node: check ${key} (a typo can point at a regular file)`,
    );
  return okCheck(check, `${path} present and openable`);
}

/** One line per configured device that has a device node or USB ids. */
export async function checkDevices(
  devices: readonly DeviceConfig[],
  facts: DeviceFacts,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [index, device] of devices.entries()) {
    const check = `device ${device.id}`;
    switch (device.kind) {
      case 'rfid-wedge':
        results.push(
          'path' in device.hid
            ? checkDeviceNode(check, `devices[${index}].hid.path`, device.hid.path, 'hidraw', facts)
            : await checkHidByIds(check, device.hid.vendorId, device.hid.productId, facts),
        );
        break;
      case 'printer-escpos':
        results.push(
          checkDeviceNode(
            check,
            `devices[${index}].transport.path`,
            device.transport.path,
            device.transport.type === 'serial' ? 'serial' : 'device-file',
            facts,
          ),
        );
        break;
      case 'rfid-em4100':
      case 'rfid-wiegand':
      case 'idcard-ga467':
      case 'scale':
      case 'bin-modbus':
        results.push(
          checkDeviceNode(check, `devices[${index}].transport.path`, device.transport.path, 'serial', facts),
        );
        break;
    }
  }
  return results;
}

const hex4 = (id: number) => id.toString(16).padStart(4, '0');

/** A wedge reader named by USB ids: present, and its hidraw node openable. */
export async function checkHidByIds(
  check: string,
  vendorId: number,
  productId: number,
  facts: DeviceFacts,
): Promise<CheckResult> {
  const ids = `${hex4(vendorId)}:${hex4(productId)}`;
  let found;
  try {
    found = (await facts.listHid()).filter((d) => d.vendorId === vendorId && d.productId === productId);
  } catch (error) {
    return failCheck(
      check,
      `cannot list HID devices (${(error as Error).message}): check that node-hid is installed for this Node version`,
    );
  }
  const first = found.find((d) => d.path);
  if (!first?.path)
    return failCheck(
      check,
      `no HID device ${ids}: plug the reader in and check lsusb | grep -i ${ids}; if lsusb shows other ids, fix hid.vendorId/productId`,
    );
  return checkDeviceNode(check, `the hidraw node of ${ids}`, first.path, 'hidraw', facts);
}
