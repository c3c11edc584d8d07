// Loupe's pages need no browser permission (camera, microphone, notifications, geolocation, USB, HID, serial,
// Bluetooth, screen capture…): every request and every check is denied, and no device picker ever picks.
// Permission *checks* need their own handler: many web APIs check before they request, and without a check
// handler Electron answers checks with "granted".
import type { Session } from 'electron';

/** The part of Electron's session this uses (a stand-in in tests). */
export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'setDisplayMediaRequestHandler' | 'on'>;

export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  // Device pickers: without preventDefault Electron would pick the first device itself.
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
}
