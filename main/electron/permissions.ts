import type { Session } from 'electron';

/**
 * SECURITY: a study app needs no camera, microphone, location, notifications,
 * USB, MIDI or clipboard reading, so every permission request and every
 * permission check answers no — including ones Chromium adds in later versions.
 * Copy and paste still work through the Edit menu's roles, which need no permission.
 */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
